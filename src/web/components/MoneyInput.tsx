import { NumberInput, type NumberInputProps, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Whole rupiah with thousand separators as the reader writes them (`12.500.000` in Indonesian,
 * `12,500,000` in English); no decimals, no negatives. The value is a number, or '' when empty.
 */
export function MoneyInput(props: Omit<NumberInputProps, 'thousandSeparator' | 'decimalSeparator'>) {
  const { i18n } = useTranslation();
  const indonesian = i18n.language === 'id';
  return (
    <NumberInput
      inputMode="numeric"
      allowDecimal={false}
      allowNegative={false}
      hideControls
      min={0}
      max={Number.MAX_SAFE_INTEGER}
      clampBehavior="strict"
      thousandSeparator={indonesian ? '.' : ','}
      decimalSeparator={indonesian ? ',' : '.'}
      leftSection={
        <Text size="sm" c="dimmed">
          Rp
        </Text>
      }
      {...props}
    />
  );
}

/** The number a MoneyInput holds, or null when it is empty. */
export function moneyValue(value: number | string | null | undefined): number | null {
  if (value === '' || value == null) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
