import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, listSchema } from '../../http.js';
import { listNotifications, markNotificationsRead } from './notifications.service.js';

const tags = ['notifications'];

const notificationSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  /** awaiting, warning, overdue, urged or outcome: the console words it in the user's language from `params`. */
  kind: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export async function notificationRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/notifications',
    {
      schema: {
        tags,
        summary:
          'Your notifications (a case waiting for your step, a deadline near, an urging, the outcome of your ' +
          'report) as a kind with its parameters, newest first',
        querystring: z.object({
          cursor: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: listSchema(notificationSchema).extend({ unread: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => listNotifications(db, requireActor(request), request.query),
  );
  routes.post(
    '/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark your notifications read: the ones named ({ ids }) or all of them ({ all: true })',
        body: z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]),
        response: { 200: z.object({ unread: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => markNotificationsRead(db, requireActor(request), request.body),
  );
}
