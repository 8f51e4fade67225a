import { createEvent } from 'ics';
import QRCode from 'qrcode';
import type { EventRow } from './events.table.ts';

/** The attendee's QR: the check-in code alone, as SVG (sharp on any screen, small to send). */
export async function checkinQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 256 });
}

/** An .ics calendar entry for the event (UTC times; the calendar shows them in the attendee's zone). */
export function eventIcs(
  event: Pick<EventRow, 'slug' | 'title' | 'starts_at' | 'ends_at' | 'venue' | 'online_url' | 'description'>,
  organizer: string,
  url: string | null,
): string {
  const { error, value } = createEvent({
    uid: `${event.slug}@bangkit`,
    title: event.title,
    start: event.starts_at.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.ends_at.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    description: event.description.slice(0, 2000) || undefined,
    location: event.venue ?? event.online_url ?? undefined,
    url: url ?? event.online_url ?? undefined,
    organizer: { name: organizer },
    status: 'CONFIRMED',
    productId: 'bangkit/events',
  });
  if (error || !value) throw error ?? new Error('ics: no output');
  return value;
}
