import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';

/** What a public page says about itself to browsers, search engines and link previews (Open Graph, JSON-LD). */
export interface PageHead {
  title: string;
  description: string;
  /** The page's own address, absolute when the deployment knows its origin. */
  url?: string | null;
  image?: string | null;
  /** Open Graph type: `website` unless the page is an article, an event, … */
  type?: string;
  /** A schema.org object, written as `application/ld+json`. */
  jsonLd?: Record<string, unknown> | null;
  /** Keep the page out of search engines (a private link). */
  noIndex?: boolean;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON inside a script element: `<` escaped so that no value can close the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The built index.html with the page's own head: its title and description replace the app's, and the Open Graph
 * tags and JSON-LD are added. The single-page app still starts from the same document.
 */
export function injectHead(html: string, head: PageHead): string {
  const title = escapeHtml(head.title);
  const description = escapeHtml(head.description.replace(/\s+/g, ' ').trim().slice(0, 300));
  const meta = [
    `<meta property="og:title" content="${title}" />`,
    `<meta property="og:description" content="${description}" />`,
    `<meta property="og:type" content="${escapeHtml(head.type ?? 'website')}" />`,
    `<meta property="og:site_name" content="Bangkit" />`,
    `<meta name="twitter:card" content="${head.image ? 'summary_large_image' : 'summary'}" />`,
    head.url ? `<meta property="og:url" content="${escapeHtml(head.url)}" />` : '',
    head.url ? `<link rel="canonical" href="${escapeHtml(head.url)}" />` : '',
    head.image ? `<meta property="og:image" content="${escapeHtml(head.image)}" />` : '',
    head.noIndex ? '<meta name="robots" content="noindex" />' : '',
    head.jsonLd ? `<script type="application/ld+json">${scriptJson(head.jsonLd)}</script>` : '',
  ]
    .filter(Boolean)
    .join('\n    ');
  return html
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${title}</title>`)
    .replace(
      /<meta name="description" content="[^"]*"\s*\/?>/,
      `<meta name="description" content="${description}" />`,
    )
    .replace('</head>', `    ${meta}\n  </head>`);
}

let cached: { file: string; mtimeMs: number; html: string } | null = null;

function readIndex(webRoot: string): string | null {
  const file = path.join(webRoot, 'index.html');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!cached || cached.file !== file || cached.mtimeMs !== stat.mtimeMs) {
    cached = { file, mtimeMs: stat.mtimeMs, html: fs.readFileSync(file, 'utf8') };
  }
  return cached.html;
}

/**
 * Sends the app's page for a public route with its own head (`status` 404 for an unknown record, so a
 * crawler does not keep it). Answers false when the web app is not built; the caller then answers plainly.
 */
export function sendPageWithHead(
  reply: FastifyReply,
  webRoot: string,
  head: PageHead,
  status = 200,
): boolean {
  const html = readIndex(webRoot);
  if (html === null) return false;
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(injectHead(html, head));
  return true;
}

/** The absolute address of a path when the deployment names its origin (links in previews must be absolute). */
export function absoluteUrl(origin: string | undefined, pathname: string): string | null {
  return origin ? new URL(pathname, origin).toString() : null;
}
