import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { residentCodeBody, residentCodeSentSchema, residentSessionBody } from '../../../shared/api/resident.js';
import { sessionSchema } from '../../../shared/api/session.js';
import { originOf, sessionCookie, setCookie } from '../../auth/authenticate.js';
import { AppError } from '../../errors.js';
import { errorResponses } from '../../http.js';
import * as resident from './resident.service.js';

const tags = ['resident'];

export async function residentRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, sms, config } = app.context;

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

  routes.post(
    '/resident/session',
    {
      schema: {
        tags,
        summary:
          'Sign a resident in with the code sent to their phone (sets the session cookie, as staff sign-in does) and ' +
          'answer the session. The first sign-in makes the account, linked to the registry person with this phone ' +
          '(their grid) or a guest. A wrong, expired or used code is 401 invalid_credentials and counts against ' +
          'the phone and the address (429 login_locked)',
        body: residentSessionBody,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { token, session } = await resident.signIn(db, config, originOf(request), request.body);
      setCookie(reply, sessionCookie, token);
      return session;
    },
  );
}
