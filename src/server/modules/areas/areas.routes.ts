import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser, guard } from '../../http/guard.ts';
import { areaScopeOf } from '../../http/scope.ts';
import { AreaCodeParam, AreaLookupSchema, AreaSchema } from './areas.schema.ts';
import { getDeploymentArea, listKecamatan, listKelurahan, lookupArea } from './areas.service.ts';

export const areasRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['areas'];

  app.get(
    '/deployment',
    {
      schema: {
        tags,
        summary: "The deployment's city or regency (public: the sign-in page names the city)",
        security: [],
        response: { 200: AreaSchema },
      },
    },
    async () => getDeploymentArea(db, config.deploymentArea),
  );

  app.get(
    '/kecamatan',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'Kecamatan of the deployment visible to the caller, with their kelurahan count',
        response: { 200: z.array(AreaSchema) },
      },
    },
    async (request) => {
      const scope = areaScopeOf(currentUser(request), config.deploymentArea);
      return listKecamatan(db, config.deploymentArea, scope);
    },
  );

  app.get(
    '/kecamatan/:code/kelurahan',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'Kelurahan/desa of one kecamatan visible to the caller',
        params: AreaCodeParam,
        response: { 200: z.array(AreaSchema) },
      },
    },
    async (request) => {
      const scope = areaScopeOf(currentUser(request), config.deploymentArea);
      return listKelurahan(db, request.params.code, config.deploymentArea, scope);
    },
  );

  app.get(
    '/:code',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'Look up any area code in Indonesia, with its ancestors',
        params: AreaCodeParam,
        response: { 200: AreaLookupSchema },
      },
    },
    async (request) => lookupArea(db, request.params.code),
  );
};
