import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { getDeploymentArea } from '../modules/areas/areas.service.ts';

export const MANIFEST_PATH = '/manifest.webmanifest';
/** The app's colours (src/web/theme.ts, the favicon). */
const THEME_COLOR = '#1a4f8b';

/** "KOTA TANGERANG" → "Kota Tangerang", as the web app shows the deployment's name. */
export function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s(-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/**
 * The web app manifest that makes Bangkit installable, named after the deployment's city (the name the header
 * and the sign-in page show), in Indonesian. Served by the server, not built: one build serves any city.
 */
export async function webManifest(db: DB, config: Config) {
  const city = await getDeploymentArea(db, config.deploymentArea)
    .then((area) => displayName(area.name))
    .catch(() => null);
  return {
    id: '/',
    name: city ? `Bangkit ${city}` : 'Bangkit',
    short_name: 'Bangkit',
    description: city
      ? `Pemulihan UMKM ${city}: registri usaha, omzet, bantuan dan pendampingan.`
      : 'Pemulihan UMKM: registri usaha, omzet, bantuan dan pendampingan.',
    lang: 'id',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    background_color: '#ffffff',
    theme_color: THEME_COLOR,
    categories: ['business', 'government', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}

export function registerWebManifest(app: FastifyInstance, db: DB, config: Config) {
  app.get(MANIFEST_PATH, { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', 'application/manifest+json; charset=utf-8');
    reply.header('cache-control', 'no-cache');
    return JSON.stringify(await webManifest(db, config));
  });
}

/**
 * Cache headers of the built files: the service worker, its Workbox runtime and index.html are asked again every
 * time (a new release must reach the phone: the worker then updates the rest), while the hashed files under
 * /assets/ never change.
 */
export function setWebFileHeaders(reply: FastifyReply, filePath: string) {
  const name = path.basename(filePath);
  if (name === 'sw.js' || name === 'index.html' || /^workbox-.*\.js$/.test(name)) {
    reply.header('cache-control', 'no-cache');
  } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
  }
}
