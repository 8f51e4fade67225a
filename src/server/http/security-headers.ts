import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Security headers on every answer (helmet): a Content-Security-Policy the web app and the API docs live
 * within, no framing, no MIME sniffing, no URLs sent to other sites, and HSTS when the app is served over
 * HTTPS (BANGKIT_COOKIE_SECURE=1).
 */
export async function registerSecurityHeaders(app: FastifyInstance, config: Config) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        // The built index.html loads its modules from files; nothing inline runs.
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Mantine writes its CSS variables into a <style> element and positions popovers with style
        // attributes, which a nonce cannot cover; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // data: for the SVG icons of the API docs.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only where the app is served over HTTPS: over plain HTTP it would send the browser to a port
        // that does not answer.
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    // Same-origin requests keep their Referer (and, for a POST, their Origin: with `no-referrer` the browser
    // sends `Origin: null`, which the same-origin check refuses); other sites get nothing.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.cookieSecure
      ? { maxAge: 365 * 24 * 3600, includeSubDomains: false }
      : false,
  });
}
