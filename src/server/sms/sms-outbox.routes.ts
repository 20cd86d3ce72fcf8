import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { smsOutboxQuery, smsOutboxSchema } from '../../shared/api/resident.js';
import { requireActor } from '../auth/authenticate.js';
import { errorResponses } from '../http.js';
import { readOutbox } from './sms-outbox.service.js';

export async function smsOutboxRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/sms-outbox',
    {
      schema: {
        tags: ['resident'],
        summary:
          'The text messages the console SMS provider (SMS_PROVIDER=console, demos and tests) sent, newest first, ' +
          'phones in full: it stands in for residents’ phones. Administrators only (sms_outbox.read): a county’s ' +
          'reads the messages to its phones (registry persons, resident accounts, guests who reported there), the ' +
          'system administrator all; audited',
        querystring: smsOutboxQuery,
        response: { 200: smsOutboxSchema, ...errorResponses },
      },
    },
    async (request) => readOutbox(db, requireActor(request), request.query),
  );
}
