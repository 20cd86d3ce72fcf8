import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { capabilities, roles } from '../../../shared/policy.js';
import { abilities, type Actor } from '../../auth/actor.js';
import {
  deviceCookie,
  originOf,
  rememberedCookie,
  requireActor,
  requireActorOrPending,
  sessionCookie,
} from '../../auth/authenticate.js';
import type { Database } from '../../db/client.js';
import { errorResponses } from '../../http.js';
import { findRegionName } from '../regions/regions.service.js';
import { passwordMinLength } from '../accounts/password-policy.js';
import { isDemoInstallation } from '../settings/settings.service.js';
import { secondFactorRoutes } from './second-factor.routes.js';
import { changeOwnPassword, signIn, signOut } from './session.service.js';

const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  regionId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  regionCode: z.string().nullable(),
});

export const sessionSchema = z.object({
  user: userSchema,
  role: z.enum(roles),
  regionId: z.uuid().nullable(),
  abilities: z.array(z.enum(capabilities)),
  csrfToken: z.string(),
});

/** A sign-in whose password was right but which needs a code, or enrolling a second factor, to finish. */
const pendingSchema = z.object({ pendingStep: z.enum(['second_factor', 'enrolment']) });

export function setCookie(reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number) {
  reply.setCookie(name, value, { path: '/', httpOnly: true, secure: true, sameSite: 'strict', maxAge: maxAgeSeconds });
}

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
        response: {
          200: z.object({
            basemapUrl: z.string().nullable(),
            basemapAttribution: z.string(),
            isDemo: z.boolean(),
            passwordMinLength: z.number().int(),
          }),
        },
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
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.union([sessionSchema, pendingSchema]), ...errorResponses },
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
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        response: { 204: z.null(), ...errorResponses },
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
      schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await signOut(db, requireActorOrPending(request), request.cookies[sessionCookie]!);
      reply.clearCookie(sessionCookie, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
      return reply.status(204).send(null);
    },
  );

  await app.register(secondFactorRoutes);
}

/** The session as the console keeps it; sign-in answers it too, so the console need not ask again. */
export async function presentSession(db: Database, actor: Actor, csrfToken: string) {
  return {
    user: {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      regionId: actor.regionId ?? null,
      regionName: actor.regionId ? await findRegionName(db, actor.regionId) : null,
      regionCode: actor.regionCode ?? null,
    },
    role: actor.role,
    regionId: actor.regionId ?? null,
    abilities: abilities(actor),
    csrfToken,
  };
}
