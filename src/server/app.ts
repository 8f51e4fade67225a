import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { DatabaseHandle, DB } from './db/database.ts';
import { registerErrorHandling, sendFrameworkError, sendRouteNotFound } from './http/errors.ts';
import { isStaticFileRequest, RequestLog } from './http/request-log.ts';
import { registerSameOriginCheck } from './http/same-origin.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWebManifest, setWebFileHeaders } from './http/web-manifest.ts';
import { aidRoutes } from './modules/aid/aid.routes.ts';
import { areasRoutes } from './modules/areas/areas.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes, loadSessionUser } from './modules/auth/auth.routes.ts';
import { Housekeeping } from './modules/auth/housekeeping.ts';
import { signInLockRoutes } from './modules/auth/throttle.routes.ts';
import { businessesRoutes, ownersRoutes } from './modules/businesses/businesses.routes.ts';
import { certificatesRoutes as programCertificatesRoutes } from './modules/certificates/certificates.routes.ts';
import { registerVerifyPages, verifyApiRoutes } from './modules/certificates/verify.routes.ts';
import { attendanceRoutes } from './modules/events/attendance.routes.ts';
import { eventsRoutes } from './modules/events/events.routes.ts';
import { registerEventPages } from './modules/events/pages.ts';
import { publicEventsRoutes } from './modules/events/public.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { ImportQueue } from './modules/imports/imports.service.ts';
import { institutionsRoutes } from './modules/institutions/institutions.routes.ts';
import { marketplaceRoutes } from './modules/marketplace/marketplace.routes.ts';
import { businessMentoringRoutes, casesRoutes } from './modules/mentoring/cases.routes.ts';
import { certificatesRoutes } from './modules/mentoring/certificates.routes.ts';
import { coverageRoutes } from './modules/mentoring/coverage.routes.ts';
import { mentorsRoutes } from './modules/mentoring/mentors.routes.ts';
import { milestonesRoutes } from './modules/mentoring/milestones.routes.ts';
import { outcomesRoutes } from './modules/mentoring/outcomes.routes.ts';
import { ownerAccountRoutes, ownerRoutes } from './modules/mentoring/owner.routes.ts';
import { rolloutRoutes } from './modules/mentoring/rollout.routes.ts';
import { sessionsRoutes } from './modules/mentoring/sessions.routes.ts';
import { businessOmzetRoutes, omzetRoutes } from './modules/omzet/omzet.routes.ts';
import { storefrontPages } from './modules/storefront/storefront.pages.ts';
import { storefrontRoutes } from './modules/storefront/storefront.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import { workQueueRoutes } from './work-queue/work-queue.routes.ts';
import { WorkQueue } from './work-queue/work-queue.ts';

// Field errors in Indonesian, the language of the people who read them.
z.config(z.locales.id());

export interface AppDeps {
  config: Config;
  /** The open database; `db` is its Kysely instance, kept here too for brevity in routes. */
  database: DatabaseHandle;
  db: DB;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    housekeeping: Housekeeping;
    /** The work queue on Home: modules register their providers as their routes are registered. */
    workQueue: WorkQueue;
  }
}

const WEB_DIST = path.join(PACKAGE_ROOT, 'dist/web');

/**
 * X-Forwarded-For is believed only from the proxies BANGKIT_TRUST_PROXY names: anyone else could forge the
 * client's address, which the sign-in throttle and the audit log go by. A hop count trusts that many hops in
 * front of the server (Fastify's own numeric option trusts none, so it is given as a function).
 */
function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust === false ? false : [...trust];
}

export async function buildApp(
  input: Omit<AppDeps, 'db'>,
  options: {
    logger?: FastifyServerOptions['logger'];
    /** The built web app's folder; tests point it at a stand-in. */
    webRoot?: string;
  } = {},
) {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new RequestLog(),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(input.config.trustProxy),
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: sendFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  const deps: AppDeps = { ...input, db: input.database.db };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  app.decorate('importQueue', new ImportQueue(deps, (err) => app.log.error({ err }, 'import failed')));
  app.addHook('onClose', () => app.importQueue.close());
  app.decorate(
    'housekeeping',
    new Housekeeping(deps.db, (err) => app.log.error({ err }, 'housekeeping failed')),
  );
  app.addHook('onReady', async () => app.housekeeping.start());
  app.addHook('onClose', () => app.housekeeping.stop());
  app.decorate('workQueue', new WorkQueue());
  app.decorateRequest('user', null);
  // The API speaks JSON; a module that takes files registers its own parser in its own scope.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);
  await registerSecurityHeaders(app, deps.config);
  registerSameOriginCheck(app, deps.config);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bangkit API',
        description:
          "API of Bangkit, the platform for a city's UMKM recovery program. Errors are RFC 9457 problem+json.",
        version: deps.config.version,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bangkit_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // No badge from the public validator: the docs load nothing from other sites (see the CSP).
    uiConfig: { validatorUrl: null },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onRequest', loadSessionUser);

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { prefix: '/auth' });
      await v1.register(signInLockRoutes, { prefix: '/auth/locks' });
      await v1.register(usersRoutes, { prefix: '/users' });
      await v1.register(institutionsRoutes, { prefix: '/institutions' });
      await v1.register(areasRoutes, { prefix: '/areas' });
      await v1.register(auditRoutes, { prefix: '/audit' });
      await v1.register(businessesRoutes, { prefix: '/businesses' });
      await v1.register(businessOmzetRoutes, { prefix: '/businesses' });
      await v1.register(ownersRoutes, { prefix: '/owners' });
      await v1.register(omzetRoutes, { prefix: '/omzet' });
      await v1.register(importsRoutes, { prefix: '/imports' });
      await v1.register(aidRoutes, { prefix: '/aid' });
      await v1.register(ownerRoutes, { prefix: '/me' });
      await v1.register(workQueueRoutes, { prefix: '/me' });
      await v1.register(ownerAccountRoutes, { prefix: '/businesses' });
      await v1.register(casesRoutes, { prefix: '/mentoring' });
      await v1.register(sessionsRoutes, { prefix: '/mentoring' });
      await v1.register(milestonesRoutes, { prefix: '/mentoring' });
      await v1.register(businessMentoringRoutes, { prefix: '/businesses' });
      await v1.register(mentorsRoutes, { prefix: '/mentors' });
      await v1.register(certificatesRoutes, { prefix: '/mentors' });
      await v1.register(outcomesRoutes, { prefix: '/mentoring/outcomes' });
      await v1.register(coverageRoutes, { prefix: '/mentoring' });
      await v1.register(rolloutRoutes, { prefix: '/mentoring' });
      await v1.register(marketplaceRoutes, { prefix: '/market' });
      await v1.register(eventsRoutes, { prefix: '/events' });
      await v1.register(attendanceRoutes, { prefix: '/events' });
      await v1.register(publicEventsRoutes, { prefix: '/public' });
      await v1.register(storefrontRoutes, { prefix: '/store' });
      await v1.register(programCertificatesRoutes, { prefix: '/certificates' });
      await v1.register(verifyApiRoutes, { prefix: '/verify' });
    },
    { prefix: '/api/v1' },
  );

  const webRoot = options.webRoot ?? WEB_DIST;
  registerEventPages(
    app,
    { db: deps.db, publicOrigin: deps.config.publicOrigin, timezone: deps.config.timezone },
    webRoot,
  );
  // The public storefront's server-rendered pages (no login), before the web app's catch-all.
  await app.register(storefrontPages);
  registerVerifyPages(app, { db: deps.db, config: deps.config });
  await serveWebApp(app, webRoot);
  return app;
}

/** The built single-page app (when built), with every non-API GET of a page falling back to index.html. */
async function serveWebApp(app: FastifyInstance, webRoot: string) {
  const built = fs.existsSync(path.join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, setHeaders: setWebFileHeaders });
  }
  registerWebManifest(app, app.deps.db, app.deps.config);
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes get the app, so a reloaded or shared deep link opens; a missing file (an old
    // /assets/x.js after a redeploy) and an unknown API address get a 404 problem.
    const pathname = request.url.split('?')[0]!;
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    const isPage = !isApi && !isStaticFileRequest(pathname);
    if (built && (request.method === 'GET' || request.method === 'HEAD') && isPage) {
      return reply.sendFile('index.html');
    }
    return sendRouteNotFound(request, reply);
  });
}
