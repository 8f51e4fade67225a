import { localeOf } from '../i18n/index.ts';

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium' }).format(new Date(value));
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** The area data spells regencies in capitals ("KOTA TANGERANG"); show them the way people write them. */
export function areaDisplayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s(-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (
    parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2)
  ).toUpperCase();
}

/** Rupiah as people write it: `Rp 12.136.000` (or `Rp 12,136,000` in English). */
export function formatRupiah(value: number | null | undefined, language: string): string {
  if (value == null) return '—';
  return `Rp ${formatNumber(value, language)}`;
}

/** A short rupiah amount for chart axes: `12 jt`, `1,5 M` (`12M`, `1.5bn` in English). */
export function formatRupiahShort(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );
}

/** A percentage with one decimal: `12,5 %`. */
export function formatPercent(value: number | null | undefined, language: string): string {
  if (value == null) return '—';
  const number = new Intl.NumberFormat(localeOf(language), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
  return language === 'id' ? `${number} %` : `${number}%`;
}

/** A share of a whole as a percentage, or — when there is no whole. */
export function formatShare(part: number, whole: number, language: string): string {
  return whole > 0 ? formatPercent((100 * part) / whole, language) : '—';
}

/** A month `YYYY-MM` as `Des 2021` (short) or `Desember 2021` (long). */
export function formatPeriod(period: string, language: string, style: 'short' | 'long' = 'short'): string {
  const [year, month] = period.split('-').map(Number);
  if (!year || !month) return period;
  return new Intl.DateTimeFormat(localeOf(language), {
    month: style,
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** A file size: `850 KB`, `12,4 MB`. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A calendar day `YYYY-MM-DD` (a program window, a deadline) as `12 Nov 2020`, the same day in any time zone. */
export function formatDay(day: string | null | undefined, language: string): string {
  if (!day) return '—';
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}
