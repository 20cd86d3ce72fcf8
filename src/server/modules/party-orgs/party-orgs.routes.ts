import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createPartyOrgBody,
  listPartyOrgsQuery,
  partyOrgIdParams,
  partyOrgListSchema,
  partyOrgSchema,
  updatePartyOrgBody,
} from '../../../shared/api/party-orgs.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import * as service from './party-orgs.service.js';

const tags = ['party organisations'];

export async function partyOrgRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/party-orgs',
    {
      schema: {
        tags,
        summary: 'Party organisations laid over a region’s subtree (flat; build the tree from parentId)',
        querystring: listPartyOrgsQuery,
        response: { 200: partyOrgListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await service.listPartyOrgs(db, requireActor(request), request.query.regionId) }),
  );

  routes.get(
    '/party-orgs/:id',
    {
      schema: {
        tags,
        summary: 'One party organisation',
        params: partyOrgIdParams,
        response: { 200: partyOrgSchema, ...errorResponses },
      },
    },
    async (request) => service.getPartyOrg(db, requireActor(request), request.params.id),
  );

  routes.post(
    '/party-orgs',
    {
      schema: {
        tags,
        summary: 'Add a party organisation',
        body: createPartyOrgBody,
        response: { 201: partyOrgSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createPartyOrg(db, requireActor(request), request.body)),
  );

  routes.patch(
    '/party-orgs/:id',
    {
      schema: {
        tags,
        summary: 'Change a party organisation',
        params: partyOrgIdParams,
        body: updatePartyOrgBody,
        response: { 200: partyOrgSchema, ...errorResponses },
      },
    },
    async (request) => service.updatePartyOrg(db, requireActor(request), request.params.id, request.body),
  );

  routes.delete(
    '/party-orgs/:id',
    {
      schema: {
        tags,
        summary: 'Remove a party organisation without sub-organisations',
        params: partyOrgIdParams,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await service.deletePartyOrg(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
