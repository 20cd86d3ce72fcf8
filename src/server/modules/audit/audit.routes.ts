import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActions } from '../../../shared/audit.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, listSchema } from '../../http.js';
import { listAudit } from './audit.service.js';

const outcomes = ['success', 'denied', 'failure'] as const;

const entrySchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  outcome: z.enum(outcomes),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export async function auditRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of your subtree, newest first; `action` is one of the actions the server writes',
        querystring: z.object({
          action: z.enum(auditActions).optional(),
          actorId: z.uuid().optional(),
          entityId: z.string().max(100).optional(),
          outcome: z.enum(outcomes).optional(),
          cursor: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: listSchema(entrySchema), ...errorResponses },
      },
    },
    async (request) => listAudit(db, requireActor(request), request.query),
  );
}
