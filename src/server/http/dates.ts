import { z } from 'zod';

/** The earliest day a date field accepts: older than any birth, program or log entry Bangkit keeps. */
export const EARLIEST_DATE = '1900-01-01';

/**
 * A calendar day as `YYYY-MM-DD`, for every date a client sends (query filters and body fields alike).
 * The ISO format alone allows year 0000, which PostgreSQL has no day for (it would fail inside the
 * query as a server error); such a date is a field error here instead.
 */
export const IsoDate = z.iso
  .date({ error: 'Tanggal harus berbentuk YYYY-MM-DD.' })
  .refine((day) => day >= EARLIEST_DATE, { error: `Tanggal tidak boleh sebelum ${EARLIEST_DATE}.` });

/** Today in the deployment's time zone, as YYYY-MM-DD (windows are calendar days there). */
export function localToday(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** `day` moved by `days` calendar days (negative: back), as YYYY-MM-DD. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
