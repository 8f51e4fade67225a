import '@mantine/dates/styles.css';
import 'dayjs/locale/id';
import 'dayjs/locale/en-gb';
import { DateInput, type DateInputProps, MonthPickerInput, type MonthPickerInputProps } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { datePattern, parseTypedDate } from './date-text.ts';

type DateFieldProps = Omit<
  DateInputProps,
  'value' | 'defaultValue' | 'onChange' | 'minDate' | 'maxDate' | 'valueFormat' | 'dateParser' | 'min' | 'max'
> & {
  /** `YYYY-MM-DD`, or empty. */
  value?: string | null;
  onChange?: (value: string) => void;
  min?: string;
  max?: string;
};

/**
 * The app's own date input: typed or picked from a calendar, shown in the app's language (`07/12/2026` in
 * Indonesian), holding `YYYY-MM-DD` like the API. An emptied field holds ''.
 */
export function DateField({ value, onChange, min, max, placeholder, ...props }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <DateInput
      {...props}
      locale={language === 'en' ? 'en-gb' : 'id'}
      valueFormat={datePattern(language).format}
      dateParser={(text) => parseTypedDate(text, language)}
      placeholder={placeholder ?? t('common.datePlaceholder')}
      value={value || null}
      onChange={(next) => onChange?.(next ?? '')}
      // The calendar greys out days outside min/max, but a typed date outside them is kept: the form says why it
      // is refused beside the field (Mantine's minDate/maxDate would silently drop what the person typed).
      getDayProps={(day) => ({ disabled: Boolean((min && day < min) || (max && day > max)) })}
      allowDeselect
      leftSection={<IconCalendar size={16} stroke={1.5} />}
      popoverProps={{ withinPortal: true }}
    />
  );
}

type MonthFieldProps = Omit<MonthPickerInputProps, 'value' | 'defaultValue' | 'onChange' | 'type'> & {
  /** `YYYY-MM`, or empty. */
  value?: string | null;
  onChange?: (value: string) => void;
};

/** A month picked from the app's own calendar, named in the app's language ("Maret 2027"); holds `YYYY-MM`. */
export function MonthField({ value, onChange, ...props }: MonthFieldProps) {
  const { i18n } = useTranslation();
  return (
    <MonthPickerInput
      {...props}
      locale={i18n.language === 'en' ? 'en-gb' : 'id'}
      valueFormat="MMMM YYYY"
      value={value ? `${value}-01` : null}
      onChange={(next) => onChange?.(next ? next.slice(0, 7) : '')}
      clearable
      leftSection={<IconCalendar size={16} stroke={1.5} />}
    />
  );
}
