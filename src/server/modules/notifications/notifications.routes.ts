import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  markReadBody,
  notificationPageSchema,
  notificationsQuery,
  unreadSchema,
} from '../../../shared/api/notifications.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import { listNotifications, markNotificationsRead } from './notifications.service.js';

const tags = ['notifications'];

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
        querystring: notificationsQuery,
        response: { 200: notificationPageSchema, ...errorResponses },
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
        body: markReadBody,
        response: { 200: unreadSchema, ...errorResponses },
      },
    },
    async (request) => markNotificationsRead(db, requireActor(request), request.body),
  );
}
