import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { residentCodeBody, residentCodeSentSchema } from '../../../shared/api/resident.js';
import { originOf } from '../../auth/authenticate.js';
import { AppError } from '../../errors.js';
import { errorResponses } from '../../http.js';
import * as resident from './resident.service.js';

const tags = ['resident'];

export async function residentRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, sms } = app.context;

  routes.post(
    '/resident/code',
    {
      schema: {
        tags,
        summary:
          'Send a 6-digit sign-in code to a resident’s mobile phone by text message: it works once, for 5 minutes, ' +
          'and replaces any earlier one. At most 5 codes a phone and 20 an address in 15 minutes (429 login_locked)',
        body: residentCodeBody,
        response: { 200: residentCodeSentSchema, ...errorResponses },
      },
    },
    async (request) =>
      resident.sendCode(db, sms, originOf(request), request.body).catch((error: unknown) => {
        // The resident reads "try again"; the operator needs the provider's own reason (a wrong key, a quota).
        if (error instanceof AppError && error.code === 'sms_unavailable') {
          request.log.warn({ reason: error.cause }, 'The SMS provider did not send the sign-in code');
        }
        throw error;
      }),
  );
}
