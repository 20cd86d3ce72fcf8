import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { partyOrgKinds } from '../../../shared/staff.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as service from './party-orgs.service.js';

const tags = ['party organisations'];

const partyOrgSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(partyOrgKinds),
  name: z.string(),
  secretary: z.string().nullable(),
  memberCount: z.number().int(),
  regionId: z.uuid(),
  coveredRegionIds: z.array(z.uuid()),
});

const fields = {
  parentId: z.uuid().nullable(),
  kind: z.enum(partyOrgKinds),
  name: z.string().trim().min(1).max(100),
  secretary: z.string().trim().min(1).max(50).nullable(),
  memberCount: z.number().int().min(0).max(100_000),
  regionId: z.uuid(),
  coveredRegionIds: z.array(z.uuid()).max(500),
};
const params = z.object({ id: z.uuid() });

export async function partyOrgRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/party-orgs',
    {
      schema: {
        tags,
        summary: 'Party organisations laid over a region’s subtree (flat; build the tree from parentId)',
        querystring: z.object({ regionId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(partyOrgSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await service.listPartyOrgs(db, requireActor(request), request.query.regionId) }),
  );

  routes.get(
    '/party-orgs/:id',
    {
      schema: { tags, summary: 'One party organisation', params, response: { 200: partyOrgSchema, ...errorResponses } },
    },
    async (request) => service.getPartyOrg(db, requireActor(request), request.params.id),
  );

  routes.post(
    '/party-orgs',
    {
      schema: {
        tags,
        summary: 'Add a party organisation',
        body: z.object(fields).partial().required({ kind: true, name: true, regionId: true }),
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
        params,
        body: z.object(fields).partial(),
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
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deletePartyOrg(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
