import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  confirmEnrolmentBody,
  enrolmentSchema,
  recoveryCodesSchema,
  secondFactorStatusSchema,
  secondStepBody,
  sessionSchema,
} from '../../../shared/api/session.js';
import {
  rememberedCookie,
  requireActor,
  requireActorOrPending,
  sessionCookie,
  setCookie,
} from '../../auth/authenticate.js';
import { AppError } from '../../errors.js';
import { errorResponses } from '../../http.js';
import {
  confirmEnrolment,
  describeSecondFactor,
  rememberedDeviceDays,
  startEnrolment,
  verifySecondStep,
} from './second-factor.service.js';
import { presentSession } from './session.service.js';

const tags = ['session'];

/** The session waiting for a code: only it may give one. */
function requirePendingCode(request: FastifyRequest) {
  if (request.pending?.step !== 'second_factor') {
    throw new AppError('bad_request', {
      en: 'This session is not waiting for a second-factor code.',
      zh: '此会话不在等待两步验证码。',
    });
  }
  return request.pending;
}

/** Enrolling a TOTP authenticator, and the second step of signing in. */
export async function secondFactorRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.context;

  routes.get(
    '/session/second-factor',
    {
      schema: {
        tags,
        summary: 'Whether you have two-step verification, whether your role requires it, recovery codes left',
        response: { 200: secondFactorStatusSchema, ...errorResponses },
      },
    },
    async (request) => describeSecondFactor(db, config, requireActor(request)),
  );

  routes.post(
    '/session/second-factor/enrolment',
    {
      config: { isOpenWhilePending: true },
      schema: {
        tags,
        summary:
          'Start enrolling an authenticator app: a new secret, as text and as the otpauth:// URI of a QR code ' +
          '(shown only until confirmed)',
        response: { 200: enrolmentSchema, ...errorResponses },
      },
    },
    async (request) => startEnrolment(db, config, requireActorOrPending(request, 'enrolment')),
  );

  routes.post(
    '/session/second-factor/enrolment/confirm',
    {
      config: { isOpenWhilePending: true },
      schema: {
        tags,
        summary:
          'Confirm enrolment with a code of the app; answers 10 one-time recovery codes, shown this once, and ' +
          'finishes a sign-in that was waiting for enrolment',
        body: confirmEnrolmentBody,
        response: { 200: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request) =>
      confirmEnrolment(
        db,
        config,
        requireActorOrPending(request, 'enrolment'),
        request.cookies[sessionCookie]!,
        request.body.code,
      ),
  );

  routes.post(
    '/session/second-factor',
    {
      config: { isOpenWhilePending: true },
      schema: {
        tags,
        summary:
          'Finish signing in with the code of your authenticator app or a recovery code; `rememberDevice` skips ' +
          'this step on this browser for 30 days',
        body: secondStepBody,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const pending = requirePendingCode(request);
      const result = await verifySecondStep(db, config, pending.actor, request.cookies[sessionCookie]!, request.body);
      if (result.rememberedToken) {
        setCookie(reply, rememberedCookie, result.rememberedToken, rememberedDeviceDays * 24 * 3600);
      }
      return presentSession(db, pending.actor, pending.csrfToken);
    },
  );
}
