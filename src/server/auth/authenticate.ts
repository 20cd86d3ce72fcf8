import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PendingStep } from '../../shared/session.js';
import { AppError } from '../errors.js';
import type { Actor, RequestOrigin } from './actor.js';

export const sessionCookie = '__Host-gridlink-session';
export const deviceCookie = '__Host-gridlink-device';
/** A browser where the user chose to skip the second step for 30 days. */
export const rememberedCookie = '__Host-gridlink-remembered';

const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const;

/** Sets one of the session's cookies: sent to this site only, over HTTPS, never readable by the page's scripts. */
export function setCookie(reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number) {
  reply.setCookie(name, value, { ...cookieOptions, maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(sessionCookie, cookieOptions);
}

/** The session behind a cookie's token: who it is, its CSRF token, and the step it still lacks, if any. */
export type ResolvedSession = { actor: Actor; csrfToken: string; pendingStep: PendingStep | undefined };

/**
 * Finds the live session of a token, or undefined. The session module provides it (app.ts hands it over), so that
 * authentication stays beneath the modules.
 */
export type SessionLookup = (token: string, origin: RequestOrigin) => Promise<ResolvedSession | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    csrfToken: string | undefined;
    /** The account of a session that has passed the password but not yet the second step, and what it lacks. */
    pending: { actor: Actor; step: PendingStep; csrfToken: string } | undefined;
  }
  interface FastifyContextConfig {
    /** The route serves a session pending its second step (finishing sign-in, signing out); no other does. */
    isOpenWhilePending?: boolean;
    /** Anyone may send it, signed in or not (a public page's form): the Origin header is checked instead. */
    isPublic?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originOf(request: FastifyRequest): RequestOrigin {
  return { address: request.ip, userAgent: request.headers['user-agent']?.slice(0, 300) };
}

/** The signed-in actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', { en: 'Sign in first.', zh: '请先登录。' });
  return request.actor;
}

/** The actor of a full session or of one pending `step` (on routes open while pending), or 401. */
export function requireActorOrPending(request: FastifyRequest, step?: PendingStep): Actor {
  if (request.actor) return request.actor;
  if (!request.pending) throw new AppError('unauthenticated', { en: 'Sign in first.', zh: '请先登录。' });
  if (step !== undefined && request.pending.step !== step) throw pendingError(request.pending.step);
  return request.pending.actor;
}

/** The answer to a session that has not finished signing in, on any route but those that finish it. */
function pendingError(step: PendingStep): AppError {
  return step === 'second_factor'
    ? new AppError('second_factor_required', {
        en: 'Enter the code of your authenticator app to finish signing in.',
        zh: '请输入身份验证器应用中的验证码以完成登录。',
      })
    : new AppError('second_factor_enrolment_required', {
        en: 'Your role requires two-step verification: set it up to finish signing in.',
        zh: '您的角色须开启两步验证：设置后才能完成登录。',
      });
}

function hostOf(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).host : undefined;
}

/** Requests that sign in, and so have no session yet: staff with a password, residents with a text-message code. */
const signInPaths = new Set(['/api/v1/session', '/api/v1/resident/code', '/api/v1/resident/session']);

function isSignInRequest(request: FastifyRequest): boolean {
  return request.method === 'POST' && signInPaths.has(request.url.split('?')[0]!);
}

function assertSameOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  if (origin !== undefined && hostOf(origin) !== request.headers.host) {
    throw new AppError('origin_mismatch', {
      en: 'Sign-in is accepted only from this site.',
      zh: '只接受从本站点登录。',
    });
  }
}

/**
 * Loads the session behind the cookie for every API request and checks the CSRF token on every state change.
 * Sign-in has no session yet, so it checks the Origin header instead (when the browser sends one), and so do the
 * steps that finish it. A session pending its second step reaches only the routes that finish or end it.
 */
export const authenticate = fp(async (app: FastifyInstance, options: { findSession: SessionLookup }) => {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('pending', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[sessionCookie];
    if (token) {
      const resolved = await options.findSession(token, originOf(request));
      if (resolved?.pendingStep) {
        request.pending = { actor: resolved.actor, step: resolved.pendingStep, csrfToken: resolved.csrfToken };
      } else {
        request.actor = resolved?.actor;
        request.csrfToken = resolved?.csrfToken;
      }
    }
    const isSignIn = isSignInRequest(request);
    if (request.pending && !isSignIn && request.url.startsWith('/api/v1/')) {
      if (!request.routeOptions.config.isOpenWhilePending) throw pendingError(request.pending.step);
      if (!safeMethods.has(request.method)) assertSameOrigin(request);
      return;
    }
    if (safeMethods.has(request.method)) return;
    if (isSignIn || request.routeOptions.config.isPublic) {
      assertSameOrigin(request);
      return;
    }
    if (!request.actor) throw new AppError('unauthenticated', { en: 'Sign in first.', zh: '请先登录。' });
    if (request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new AppError('csrf_failed', {
        en: 'The x-csrf-token header is missing or stale. Reload the page and try again.',
        zh: '缺少 x-csrf-token 请求头或已过期，请刷新页面后重试。',
      });
    }
  });
});
