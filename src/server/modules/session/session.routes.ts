import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  changeOwnPasswordBody,
  publicConfigSchema,
  sessionSchema,
  signInBody,
  signInResultSchema,
} from '../../../shared/api/session.js';
import {
  clearSessionCookie,
  deviceCookie,
  originOf,
  rememberedCookie,
  requireActor,
  requireActorOrPending,
  sessionCookie,
  setCookie,
} from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import { passwordMinLength } from '../accounts/password-policy.service.js';
import { isDemoInstallation } from '../settings/settings.service.js';
import { secondFactorRoutes } from './second-factor.routes.js';
import { changeOwnPassword, presentSession, signIn, signOut } from './session.service.js';

export async function sessionRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.context;

  routes.get(
    '/config',
    {
      config: { isOpenWhilePending: true },
      schema: {
        tags: ['session'],
        summary: 'Public settings the console needs before sign-in',
        response: { 200: publicConfigSchema },
      },
    },
    async () => ({
      basemapUrl: config.basemapUrl ?? null,
      basemapAttribution: config.basemapAttribution,
      isDemo: await isDemoInstallation(db),
      passwordMinLength: await passwordMinLength(db),
    }),
  );

  routes.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary:
          'Sign in (sets the session cookie); answers the new session as GET /session does, or `pendingStep` ' +
          'when a second factor must be given (POST /session/second-factor) or enrolled first',
        body: signInBody,
        response: { 200: signInResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await signIn(db, config, {
        ...request.body,
        deviceToken: request.cookies[deviceCookie],
        rememberedToken: request.cookies[rememberedCookie],
        origin: originOf(request),
      });
      setCookie(reply, sessionCookie, result.token);
      setCookie(reply, deviceCookie, result.deviceToken, 400 * 24 * 3600);
      if (result.pendingStep) return { pendingStep: result.pendingStep };
      return presentSession(db, result.actor, result.csrfToken);
    },
  );

  routes.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in user, their scope, abilities and CSRF token',
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request) => presentSession(db, requireActor(request), request.csrfToken!),
  );

  routes.post(
    '/session/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Change your own password (signs out your other sessions)',
        body: changeOwnPasswordBody,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await changeOwnPassword(db, requireActor(request), request.cookies[sessionCookie]!, request.body);
      return reply.status(204).send(null);
    },
  );

  routes.delete(
    '/session',
    {
      config: { isOpenWhilePending: true },
      schema: { tags: ['session'], summary: 'Sign out', response: noContentResponses },
    },
    async (request, reply) => {
      await signOut(db, requireActorOrPending(request), request.cookies[sessionCookie]!);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  await app.register(secondFactorRoutes);
}
