import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, preferredLanguage } from '../../errors.js';
import { parseFormEncoded, parseMultipart, readParameters, type Parameters } from './form-data.js';
import {
  contentTypes,
  errorDocument,
  List,
  serialize,
  splitFormat,
  type GeoReportFormat,
  type GeoReportValue,
} from './georeport.js';
import * as open311 from './open311.service.js';

/** When the interface this server offers last changed, as discovery reports it. */
const changeset = '2026-12-06T00:00:00Z';

/** The format a URL asks for by its extension; XML, the one every client reads, when it names none. */
function formatOfUrl(url: string): GeoReportFormat {
  const path = url.split('?')[0] ?? '';
  return splitFormat(path.slice(path.lastIndexOf('/') + 1))?.format ?? 'xml';
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, description: string) {
  const format = formatOfUrl(request.url);
  return reply
    .status(status)
    .type(contentTypes[format])
    .send(errorDocument(format, status, description));
}

function notFound(file: string): AppError {
  return new AppError('not_found', { en: `No Open311 resource ${file}.`, zh: `没有 Open311 资源 ${file}。` });
}

/**
 * Open311 GeoReport v2 at /open311/v2/, with FixMyStreet's service request updates (and their older `update.xml`).
 * Every answer, errors too, is GeoReport XML or JSON as the extension asks; POST bodies are form-encoded or
 * multipart. GETs need no key; POSTs need a client's `api_key` (403 otherwise).
 */
export async function open311Routes(app: FastifyInstance) {
  const { db, config, files } = app.context;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, parseFormEncoded(body as string)),
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    const parameters = parseMultipart(body as Buffer, request.headers['content-type'] ?? '');
    if (parameters) return done(null, parameters);
    return done(
      new AppError('validation_failed', { en: 'The multipart body is malformed.', zh: 'multipart 请求体格式有误。' }),
    );
  });
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const language = preferredLanguage(request.headers['accept-language']);
    if (error instanceof AppError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendError(request, reply, error.status, error.text[language]);
    }
    // A body the server could not read (too large, of a type it does not take) is the client's error.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, error.statusCode, error.message);
    }
    throw error;
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, notFound(request.url.split('?')[0] ?? '').text.en),
  );

  /** The resource a file names (`requests.json` → requests, json), or 404. */
  const resourceOf = (file: string) => {
    const resource = splitFormat(file);
    if (resource === undefined) throw notFound(file);
    return resource;
  };
  const send = (reply: FastifyReply, format: GeoReportFormat, root: string, value: GeoReportValue) =>
    reply.type(contentTypes[format]).send(serialize(format, root, value));
  /** The endpoint as this request reached it, which discovery and media links name. */
  const endpointOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/open311/v2/`;
  const jurisdictionOf = (parameters: Parameters) => open311.findJurisdiction(db, parameters.get('jurisdiction_id'));

  app.get<{ Params: { file: string } }>('/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name, format } = resourceOf(request.params.file);
    const parameters = readParameters(request.query, undefined);
    if (name === 'discovery') {
      const url = endpointOf(request);
      return send(reply, format, 'discovery', {
        changeset,
        contact: 'gridlink',
        key_service: 'API keys are issued by the county administrators (gridlink open311 add-client).',
        endpoints: new List('endpoint', [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url,
            changeset,
            type: 'production',
            formats: new List('format', [contentTypes.xml.split(';')[0], contentTypes.json.split(';')[0]]),
          },
        ]),
      });
    }
    const county = await jurisdictionOf(parameters);
    if (name === 'services') return send(reply, format, 'services', await open311.listServices(db, county));
    if (name === 'requests') {
      return send(
        reply,
        format,
        'service_requests',
        await open311.listRequests(db, county, endpointOf(request), parameters),
      );
    }
    if (name === 'servicerequestupdates' || name === 'update') {
      return send(
        reply,
        format,
        'service_request_updates',
        await open311.listUpdates(db, county, endpointOf(request), parameters),
      );
    }
    throw notFound(request.params.file);
  });

  app.post<{ Params: { file: string } }>('/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name, format } = resourceOf(request.params.file);
    const parameters = readParameters(request.query, request.body);
    if (name !== 'requests' && name !== 'servicerequestupdates' && name !== 'update') {
      throw notFound(request.params.file);
    }
    const county = await jurisdictionOf(parameters);
    const client = await open311.authenticateClient(db, county, parameters.get('api_key'));
    if (name === 'requests') {
      const made = await open311.createRequest(db, files, config.photoLimits, county, client, parameters);
      return send(reply.code(201), format, 'service_requests', made);
    }
    return send(reply, format, 'service_request_updates', await open311.postUpdate(db, county, client, parameters));
  });

  // A published case's photo (media_url): public, no key; the case number and the random token both must match.
  app.get<{ Params: { number: string; file: string } }>(
    '/media/:number/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const photo = await open311.getPublicPhoto(db, files, request.params.number, request.params.file);
      return reply
        .type(photo.contentType)
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(photo.content);
    },
  );

  app.get<{ Params: { collection: string; file: string } }>(
    '/:collection/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const { collection } = request.params;
      const { name, format } = resourceOf(request.params.file);
      const county = await jurisdictionOf(readParameters(request.query, undefined));
      if (collection === 'services') {
        return send(reply, format, 'service_definition', await open311.getServiceDefinition(db, county, name));
      }
      if (collection === 'requests') {
        return send(reply, format, 'service_requests', await open311.getRequest(db, county, endpointOf(request), name));
      }
      if (collection === 'tokens')
        return send(reply, format, 'service_requests', await open311.findToken(db, county, name));
      throw notFound(`${collection}/${request.params.file}`);
    },
  );
}
