import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countyQuery } from '../../../shared/api/case-catalogue.js';
import {
  createdOpen311ClientSchema,
  open311ClientBody,
  open311ClientListSchema,
  open311ClientParams,
} from '../../../shared/api/open311.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import * as open311 from './open311.service.js';

const tags = ['open311'];

/** The console's side of Open311: county administrators add, list and revoke client applications and their keys. */
export async function open311ClientRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/open311-clients',
    {
      schema: {
        tags,
        summary: 'The county’s Open311 client applications, with the endpoint and jurisdiction they connect to',
        querystring: countyQuery,
        response: { 200: open311ClientListSchema, ...errorResponses },
      },
    },
    async (request) => open311.listClients(db, requireActor(request), request.query.countyId),
  );
  routes.post(
    '/open311-clients',
    {
      schema: {
        tags,
        summary: 'Add a client application (a FixMyStreet installation); the answer holds its API key, shown only now',
        querystring: countyQuery,
        body: open311ClientBody,
        response: { 201: createdOpen311ClientSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await open311.addClient(db, requireActor(request), {
        ...request.body,
        countyId: request.query.countyId,
      });
      return reply.code(201).send(made);
    },
  );
  routes.post(
    '/open311-clients/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a client’s key at once: its next POST answers 403',
        params: open311ClientParams,
        querystring: countyQuery,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await open311.revokeClient(db, requireActor(request), request.params.id, request.query.countyId);
      return reply.code(204).send(null);
    },
  );
}
