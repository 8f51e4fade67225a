import { localeOf } from '../i18n/locale.ts';

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
  const iso = text.trim().match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  const numbers = iso ? null : text.trim().match(/^(\d{1,2})\D(\d{1,2})\D(\d{2}|\d{4})$/);
  const value: Record<Part, number> = { day: 0, month: 0, year: 0 };
  if (iso) {
    // A pasted ISO date (`2021-03-07`) means the same in every language.
    value.year = Number(iso[1]);
    value.month = Number(iso[2]);
    value.day = Number(iso[3]);
  } else if (numbers) {
    datePattern(language).order.forEach((part, i) => {
      value[part] = Number(numbers[i + 1]);
    });
  } else {
    return null;
  }
  if (value.year < 100) value.year += 2000;
  const date = new Date(Date.UTC(value.year, value.month - 1, value.day));
  if (date.getUTCMonth() !== value.month - 1 || date.getUTCDate() !== value.day || value.year < 1900)
    return null;
  return date.toISOString().slice(0, 10);
}
