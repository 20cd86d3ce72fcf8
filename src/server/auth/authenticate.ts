import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import type { Actor, RequestOrigin } from './actor.js';
import { resolveSession } from '../modules/session/session.service.js';

export const sessionCookie = '__Host-gridlink-session';
export const deviceCookie = '__Host-gridlink-device';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    csrfToken: string | undefined;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originOf(request: FastifyRequest): RequestOrigin {
  return { address: request.ip, userAgent: request.headers['user-agent']?.slice(0, 300) };
}

/** The signed-in actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in first.');
  return request.actor;
}

function hostOf(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).host : undefined;
}

function isSignInRequest(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.url.split('?')[0] === '/api/v1/session';
}

/**
 * Loads the session behind the cookie for every API request and checks the CSRF token on every state change.
 * Sign-in has no session yet, so it checks the Origin header instead (when the browser sends one).
 */
export const authenticate = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[sessionCookie];
    if (token) {
      const resolved = await resolveSession(app.context.db, app.context.config, token, originOf(request));
      request.actor = resolved?.actor;
      request.csrfToken = resolved?.csrfToken;
    }
    if (safeMethods.has(request.method)) return;
    if (isSignInRequest(request)) {
      const origin = request.headers.origin;
      if (origin !== undefined && hostOf(origin) !== request.headers.host) {
        throw new AppError('origin_mismatch', 'Sign-in is accepted only from this site.');
      }
      return;
    }
    if (!request.actor) throw new AppError('unauthenticated', 'Sign in first.');
    if (request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new AppError('csrf_failed', 'The x-csrf-token header is missing or stale. Reload the page and try again.');
    }
  });
});
