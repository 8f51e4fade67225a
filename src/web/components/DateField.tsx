import '@mantine/dates/styles.css';
import 'dayjs/locale/id';
import 'dayjs/locale/en-gb';
import { DateInput, type DateInputProps, MonthPickerInput, type MonthPickerInputProps } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../i18n/index.ts';

type Part = 'day' | 'month' | 'year';

/**
 * How the language writes a date in digits, from the browser's own locale data: id-ID `DD/MM/YYYY`, en-GB the
 * same, en-US would be `MM/DD/YYYY`. The browser's date input follows the browser's locale instead of the
 * app's language, which showed mm/dd/yyyy in the Indonesian app.
 */
export function datePattern(language: string): { order: Part[]; separator: string; format: string } {
  const parts = new Intl.DateTimeFormat(localeOf(language), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(new Date(2026, 11, 7));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year');
  const separator = parts.find((p) => p.type === 'literal')?.value ?? '/';
  const token = { day: 'DD', month: 'MM', year: 'YYYY' } as const;
  return {
    order: order.map((p) => p.type as Part),
    separator,
    format: order.map((p) => token[p.type as Part]).join(separator),
  };
}

/** What a person typed in the language's order (`7/3/2021`, `07-03-2021`, `07.03.2021`) → `2021-03-07`. */
export function parseTypedDate(text: string, language: string): string | null {
  const numbers = text.trim().match(/^(\d{1,4})\D(\d{1,2})\D(\d{1,4})$/);
  if (!numbers) return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : null;
  const { order } = datePattern(language);
  const value: Record<Part, number> = { day: 0, month: 0, year: 0 };
  order.forEach((part, i) => {
    value[part] = Number(numbers[i + 1]);
  });
  if (value.year < 100) value.year += 2000;
  const date = new Date(Date.UTC(value.year, value.month - 1, value.day));
  if (date.getUTCMonth() !== value.month - 1 || date.getUTCDate() !== value.day || value.year < 1900)
    return null;
  return date.toISOString().slice(0, 10);
}

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
      minDate={min || undefined}
      maxDate={max || undefined}
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
