import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import helmet, { contentSecurityPolicy, type HelmetOptions } from 'helmet';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { isDatabaseReachable, isDatabaseUnavailable, type Database } from './db/client.js';
import type { Language } from '../shared/language.js';
import type { FirstPageScope } from '../shared/api/session.js';
import { withSignedInPreloads } from '../shared/first-page.js';
import { AppError, issueMessage, preferredLanguage } from './errors.js';
import { loggerOptions, RequestLog } from './logging.js';
import { nulCharacterGuard } from './http.js';
import { authenticate, originOf, sessionCookie } from './auth/authenticate.js';
import { abilities } from './auth/actor.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { partyOrgRoutes } from './modules/party-orgs/party-orgs.routes.js';
import { regionRoutes } from './modules/regions/regions.routes.js';
import { registryImportRoutes } from './modules/registry/registry-import.routes.js';
import { registryRoutes } from './modules/registry/registry.routes.js';
import { caseSettingsRoutes } from './modules/cases/case-settings.routes.js';
import { caseRoutes } from './modules/cases/cases.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { caseFigureRoutes } from './modules/cases/figures.routes.js';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.js';
import { disputeRoutes } from './modules/disputes/disputes.routes.js';
import { visitCoverageRoutes } from './modules/field-work/coverage.routes.js';
import { sessionRoutes } from './modules/session/session.routes.js';
import { resolveSession } from './modules/session/session.service.js';
import type { FileStore } from './storage/file-store.js';
import { openFileStore } from './storage/open-file-store.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { visitRoutes } from './modules/visits/visits.routes.js';
import { inspectionRoutes } from './modules/inspections/inspections.routes.js';
import { moralBankRoutes } from './modules/moral-bank/moral-bank.routes.js';
import { wishRoutes } from './modules/wishes/wishes.routes.js';
import { unitRoutes } from './modules/units/units.routes.js';
import { pairingRoutes } from './modules/pairings/pairings.routes.js';
import { webhookRoutes } from './modules/webhooks/webhooks.routes.js';
import { open311ClientRoutes } from './modules/open311/open311-clients.routes.js';
import { open311Routes } from './modules/open311/open311.routes.js';
import { cadreRoutes } from './modules/cadres/cadres.routes.js';
import { accuracyRoutes } from './modules/cadres/accuracy.routes.js';
import { attendanceRoutes } from './modules/attendance/attendance.routes.js';
import { cadreReportRoutes } from './modules/cadre-reports/cadre-reports.routes.js';
import { cadreRegistrationRoutes } from './modules/cadres/registrations.routes.js';
import { openSmsProvider } from './sms/sms-provider.js';
import type { SmsProvider } from './sms/sms-message.js';
import { smsOutboxRoutes } from './sms/sms-outbox.routes.js';
import { residentRoutes } from './modules/resident/resident.routes.js';
import { residentPosterRoutes } from './modules/resident/resident-poster.routes.js';
import { residentAccountRoutes } from './modules/resident/resident-accounts.routes.js';
import { serviceCentreRoutes } from './modules/service-centres/service-centres.routes.js';
import { spotCheckRoutes } from './modules/spot-checks/spot-checks.routes.js';

export type AppContext = { db: Database; config: Config; files: FileStore; sms: SmsProvider };

declare module 'fastify' {
  interface FastifyInstance {
    context: AppContext;
  }
}

/**
 * Builds the whole HTTP application without listening, so tests drive it with `inject`. The log goes to standard
 * output unless `logStream` is given (tests read it).
 */
export async function buildApp(
  context: Omit<AppContext, 'files' | 'sms'>,
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: context.config.logLevel === 'silent' ? false : loggerOptions(context.config.logLevel, options.logStream),
    logController: new RequestLog(),
    trustProxy: context.config.trustProxy,
    bodyLimit: 20 * 1024 * 1024,
    // A URL the router refuses (a malformed escape, a parameter over 100 characters) answers in the same shape.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('context', {
    ...context,
    files: openFileStore(context.config.fileStore),
    sms: openSmsProvider(context.config.sms, context.db),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook('onRequest', nulCharacterGuard.onRequest);
  app.addHook('preValidation', nulCharacterGuard.preValidation);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      const route = `${request.method} ${request.url.split('?')[0]}`;
      const message = { en: `No route ${route}.`, zh: `没有这个接口：${route}。` };
      return reply.status(404).send({ error: { code: 'not_found', message: message[languageOf(request)] } });
    }
    if (/^\/m(\/|$|\?)/.test(request.url)) return sendFieldApp(context.config, reply);
    if (/^\/wall\/\d{6}\/?(\?|$)/.test(request.url)) return sendPublicPage(context.config, reply, 'wall');
    if (/^\/r(\/|$|\?)/.test(request.url)) return sendPublicPage(context.config, reply, 'r');
    if (/^\/join\/[A-Za-z0-9_-]{43}\/?(\?|$)/.test(request.url)) return sendPublicPage(context.config, reply, 'join');
    return sendConsole(context, request, reply);
  });

  await app.register(cookie);
  // Built once: @fastify/helmet built helmet's headers again on every request, with two random nonces each, which
  // only the console's page uses (about 4 % of the server's CPU under the HTTP bench's load).
  const setSecurityHeaders = helmet(securityHeaders(context.config));
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, () => done());
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'gridlink API',
        version: '1',
        description: 'Party-building-led grid governance (党建引领网格化基层治理).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-gridlink-session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) =>
    (await isDatabaseReachable(context.db)) ? { status: 'ready' } : sendDatabaseUnavailable(request, reply),
  );

  await app.register(authenticate, {
    findSession: (token, origin) => resolveSession(context.db, context.config, token, origin),
  });
  await app.register(
    async (api) => {
      await api.register(sessionRoutes);
      await api.register(regionRoutes);
      await api.register(staffRoutes);
      await api.register(partyOrgRoutes);
      await api.register(accountRoutes);
      await api.register(auditRoutes);
      await api.register(registryRoutes);
      await api.register(registryImportRoutes);
      await api.register(caseRoutes);
      await api.register(caseSettingsRoutes);
      await api.register(notificationRoutes);
      await api.register(caseFigureRoutes);
      await api.register(campaignRoutes);
      await api.register(disputeRoutes);
      await api.register(visitCoverageRoutes);
      await api.register(visitRoutes);
      await api.register(inspectionRoutes);
      await api.register(moralBankRoutes);
      await api.register(wishRoutes);
      await api.register(unitRoutes);
      await api.register(pairingRoutes);
      await api.register(webhookRoutes);
      await api.register(open311ClientRoutes);
      await api.register(cadreRoutes);
      await api.register(accuracyRoutes);
      await api.register(attendanceRoutes);
      await api.register(smsOutboxRoutes);
      await api.register(residentRoutes);
      await api.register(cadreReportRoutes);
      await api.register(cadreRegistrationRoutes);
      await api.register(residentPosterRoutes);
      await api.register(residentAccountRoutes);
      await api.register(serviceCentreRoutes);
      await api.register(spotCheckRoutes);
    },
    { prefix: '/api/v1' },
  );
  // Open311 GeoReport v2 for resident apps (FixMyStreet): outside /api/v1, with its own formats and errors.
  await app.register(open311Routes, { prefix: '/open311/v2' });

  if (fs.existsSync(path.join(context.config.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: context.config.webRoot,
      index: false,
      wildcard: false,
      prefix: '/',
      preCompressed: true,
      setHeaders: (reply, file) => {
        if (isHashedAsset(context.config, file)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    app.get('/', (request, reply) => sendConsole(context, request, reply));
  }
  return app;
}

/** Where the console may load from: its own origin, and the basemap's tiles. */
function policyDirectives(config: Config) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...basemapOrigins(config)],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  };
}

/** The security headers of every answer. */
function securityHeaders(config: Config): HelmetOptions {
  return {
    contentSecurityPolicy: { directives: policyDirectives(config) },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  };
}

function basemapOrigins(config: Config): string[] {
  if (!config.basemapUrl) return [];
  const sample = config.basemapUrl.replace(/\{s\}/g, 'a').replace(/\{[a-z]+\}/g, '0');
  return URL.canParse(sample) ? [new URL(sample).origin.replace('//a.', '//*.')] : [];
}

/**
 * The build names every file under assets/ by a hash of its content, so a browser may keep it for a year without
 * asking again: a new release names its files anew (in index.html, which is never cached).
 */
function isHashedAsset(config: Config, file: string): boolean {
  return path.relative(config.webRoot, file).startsWith(`assets${path.sep}`);
}

let consoleTemplate: string | undefined;

type ConsoleContext = Pick<AppContext, 'db' | 'config'>;

/**
 * The console's index.html with a CSP nonce of its own, which antd needs for the styles it injects, and the signed-in
 * user's first-page scope, so that the boot script starts that page's code and requests at once rather than after
 * the session's answer (first-page.ts).
 */
async function sendConsole(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply) {
  const file = path.join(context.config.webRoot, 'index.html');
  if (!fs.existsSync(file)) {
    return reply.status(404).type('text/plain').send('The console is not built. Run `npm run build`.');
  }
  consoleTemplate ??= fs.readFileSync(file, 'utf8');
  const nonce = randomBytes(16).toString('hex');
  const directives = policyDirectives(context.config);
  contentSecurityPolicy({ directives: { ...directives, styleSrc: [...directives.styleSrc, `'nonce-${nonce}'`] } })(
    request.raw,
    reply.raw,
    () => undefined,
  );
  const scope = await firstPageScope(context, request);
  const scopeMeta = scope ? `<meta name="first-page-scope" content="${escapeAttribute(JSON.stringify(scope))}">` : '';
  const page = withSignedInPreloads(consoleTemplate, new URL(request.url, 'http://console').pathname, scope);
  const html = page.replace('<head>', `<head><meta name="csp-nonce" content="${nonce}">${scopeMeta}`);
  return reply.type('text/html').header('cache-control', 'no-store').send(html);
}

/** The scope of the session behind the request's cookie; none without a live one, or while the database is away. */
async function firstPageScope(context: ConsoleContext, request: FastifyRequest): Promise<FirstPageScope | undefined> {
  const token = request.cookies[sessionCookie];
  if (!token) return undefined;
  const resolved = await resolveSession(context.db, context.config, token, originOf(request)).catch(() => undefined);
  if (!resolved || resolved.pendingStep) return undefined;
  const { actor } = resolved;
  return { regionId: actor.regionId ?? null, regionCode: actor.regionCode ?? null, abilities: abilities(actor) };
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The field app's page (/m/ and every path under it, which the app routes itself). It needs no nonce: antd-mobile
 * brings its styles as files. Never cached by the browser: its service worker keeps its own copy for offline use.
 */
function sendFieldApp(config: Config, reply: FastifyReply) {
  const file = path.join(config.webRoot, 'm', 'index.html');
  if (!fs.existsSync(file)) {
    return reply.status(404).type('text/plain').send('The field app is not built. Run `npm run build`.');
  }
  return reply.type('text/html').header('cache-control', 'no-store').send(fs.readFileSync(file, 'utf8'));
}

/**
 * A page of its own without the console's code: the public wish wall (/wall/<county code>, which reads the county
 * from its address and asks the public wall API) and the residents' page (/r/ and every path under it, which the
 * page routes itself and where residents sign in), and the cadres' registration page (/join/<token>).
 */
function sendPublicPage(config: Config, reply: FastifyReply, folder: 'wall' | 'r' | 'join') {
  const file = path.join(config.webRoot, folder, 'index.html');
  if (!fs.existsSync(file)) {
    return reply.status(404).type('text/plain').send(`/${folder}/ is not built. Run \`npm run build\`.`);
  }
  return reply.type('text/html').header('cache-control', 'no-cache').send(fs.readFileSync(file, 'utf8'));
}

/** How long a client should wait before asking again while the database is away: a restart takes seconds. */
const databaseRetryAfterSeconds = 5;

const databaseUnavailableMessage = {
  en: `The database cannot be reached right now; try again in ${databaseRetryAfterSeconds} seconds.`,
  zh: `暂时无法连接数据库，请 ${databaseRetryAfterSeconds} 秒后重试。`,
};

function sendDatabaseUnavailable(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(503)
    .header('retry-after', String(databaseRetryAfterSeconds))
    .send({ error: { code: 'database_unavailable', message: databaseUnavailableMessage[languageOf(request)] } });
}

/** Error messages answer in the language the request prefers; the codes stay the same in both. */
function languageOf(request: FastifyRequest): Language {
  return preferredLanguage(request.headers['accept-language']);
}

const internalErrorMessage = {
  en: 'Something went wrong on our side; it has been logged.',
  zh: '服务器出错了，已记录在日志中。',
};

function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const language = languageOf(request);
  if (error instanceof AppError) {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message: error.text[language], details: error.details } });
  }
  // Whatever the request was, it may succeed once the database is back: say so instead of a 500. The pool has
  // logged the loss once; a line per request would drown the log during an outage.
  if (isDatabaseUnavailable(error)) return sendDatabaseUnavailable(request, reply);
  if (hasZodFastifySchemaValidationErrors(error)) {
    // The part (querystring, body, params, headers) belongs to the path: /from alone does not say where to look.
    const part = `/${error.validationContext ?? 'body'}`;
    const details = error.validation.map((issue) => ({
      path: `${part}${issue.instancePath}`,
      message: issueMessage(issue, language),
    }));
    const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join('; ');
    const message = language === 'zh' ? `请求有误：${summary}` : `Invalid request — ${summary}`;
    return reply.status(400).send({ error: { code: 'validation_failed', message, details } });
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    // Fastify's own refusals (unreadable JSON, a body too large) say what was wrong in English only.
    const code = status === 413 ? 'payload_too_large' : 'bad_request';
    const zh = status === 413 ? '请求内容过大。' : `请求格式有误（${error.message}）。`;
    return reply.status(status).send({ error: { code, message: language === 'zh' ? zh : error.message } });
  }
  request.log.error({ err: error }, 'The request failed');
  return reply.status(500).send({ error: { code: 'internal_error', message: internalErrorMessage[language] } });
}
