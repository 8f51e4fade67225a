import type { FastifyInstance } from 'fastify';
import type { DB } from '../../db/database.ts';
import { sendRouteNotFound } from '../../http/errors.ts';
import { absoluteUrl, sendPageWithHead } from '../../http/page-head.ts';
import { findEventBySlug } from './events.repository.ts';
import { OFFICE_NAME } from './events.service.ts';

const TYPE_LABELS = {
  webinar: 'Webinar',
  training: 'Pelatihan',
  workshop: 'Lokakarya',
  expo: 'Pameran',
} as const;

/**
 * The public event pages with their own head (title, description, Open Graph, schema.org Event), so a link
 * shared in a chat shows the event, not "Bangkit". The app itself renders the body.
 */
export function registerEventPages(
  app: FastifyInstance,
  deps: { db: DB; publicOrigin: string | undefined },
  webRoot: string,
) {
  app.get('/acara', { schema: { hide: true } }, async (request, reply) => {
    const sent = sendPageWithHead(reply, webRoot, {
      title: 'Acara UMKM — Bangkit',
      description:
        'Webinar, pelatihan, lokakarya dan pameran untuk pelaku UMKM. Daftar gratis secara daring.',
      url: absoluteUrl(deps.publicOrigin, '/acara'),
    });
    if (!sent) return sendRouteNotFound(request, reply);
  });

  app.get<{ Params: { slug: string } }>(
    '/acara/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const event = await findEventBySlug(deps.db, request.params.slug.slice(0, 120));
      const url = absoluteUrl(deps.publicOrigin, `/acara/${encodeURIComponent(request.params.slug)}`);
      if (!event || event.state === 'draft') {
        const sent = sendPageWithHead(
          reply,
          webRoot,
          {
            title: 'Acara tidak ditemukan — Bangkit',
            description: 'Acara ini tidak ada atau belum diterbitkan.',
            noIndex: true,
          },
          404,
        );
        return sent ? reply : sendRouteNotFound(request, reply);
      }
      const organizer = event.organizer_name ?? OFFICE_NAME;
      const when = new Intl.DateTimeFormat('id-ID', {
        dateStyle: 'full',
        timeStyle: 'short',
        timeZone: 'Asia/Jakarta',
      }).format(event.starts_at);
      const sent = sendPageWithHead(reply, webRoot, {
        title: `${event.title} — ${TYPE_LABELS[event.type]} · Bangkit`,
        description: `${TYPE_LABELS[event.type]} oleh ${organizer}, ${when} WIB. ${event.description}`,
        url,
        type: 'website',
        image: event.banner_path
          ? absoluteUrl(deps.publicOrigin, `/api/v1/public/events/${event.slug}/banner`)
          : null,
        jsonLd: {
          '@context': 'https://schema.org',
          '@type': 'Event',
          name: event.title,
          description: event.description,
          startDate: event.starts_at.toISOString(),
          endDate: event.ends_at.toISOString(),
          eventStatus:
            event.state === 'cancelled'
              ? 'https://schema.org/EventCancelled'
              : 'https://schema.org/EventScheduled',
          eventAttendanceMode: event.online_url
            ? event.venue
              ? 'https://schema.org/MixedEventAttendanceMode'
              : 'https://schema.org/OnlineEventAttendanceMode'
            : 'https://schema.org/OfflineEventAttendanceMode',
          location: event.venue
            ? { '@type': 'Place', name: event.venue, address: event.venue }
            : { '@type': 'VirtualLocation', url: url ?? undefined },
          organizer: { '@type': 'Organization', name: organizer },
          ...(event.speakers.length
            ? { performer: event.speakers.map((name) => ({ '@type': 'Person', name })) }
            : {}),
          ...(url ? { url } : {}),
          isAccessibleForFree: true,
        },
      });
      if (!sent) return sendRouteNotFound(request, reply);
    },
  );
}
