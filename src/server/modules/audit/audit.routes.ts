import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditPageSchema, listAuditQuery } from '../../../shared/api/audit.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import { listAudit } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of your subtree, newest first; `action` is one of the actions the server writes',
        querystring: listAuditQuery,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (request) => listAudit(db, requireActor(request), request.query),
  );
}
