import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorSchema } from '../shared/api/common.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { photoLimit } from './storage/photos.js';

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  429: errorSchema,
} as const;

/** The answers of an endpoint that answers 204 with no body when it succeeds. */
export const noContentResponses = { 204: z.null(), ...errorResponses } as const;

/** The address residents and the public open (QR codes, links): PUBLIC_BASE_URL, else the one the request came to. */
export function publicBaseUrlOf(config: Pick<Config, 'publicBaseUrl'>, request: FastifyRequest): string {
  return config.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}

/** Splits `limit + 1` fetched rows into a page and the cursor of the next one. */
export function toPage<Row>(rows: Row[], limit: number, cursorOf: (row: Row) => string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * Where a value holds a NUL character (U+0000), as a JSON-pointer-like path (`/body/notes`), or undefined.
 * PostgreSQL's text and jsonb cannot store it, so it would reach the database only to fail there. Object keys are
 * checked too (jsonb refuses them alike). Iterative, so no nesting depth can overflow the stack.
 */
export function findNulCharacter(value: unknown, root: string): string | undefined {
  const pending: [unknown, string][] = [[value, root]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (item.includes('\0')) return path;
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => pending.push([element, `${path}/${index}`]));
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      for (const [key, element] of Object.entries(item)) {
        if (key.includes('\0')) return `${path}/${key.replaceAll('\0', '\\0')}`;
        pending.push([element, `${path}/${key}`]);
      }
    }
  }
  return undefined;
}

function refuseNulCharacter(parts: Record<string, unknown>) {
  for (const [name, value] of Object.entries(parts)) {
    const path = findNulCharacter(value, `/${name}`);
    if (path === undefined) continue;
    const message = 'holds a NUL character (0x00), which text may not contain';
    throw new AppError(
      'validation_failed',
      {
        en: `Invalid request — ${path}: ${message}.`,
        zh: `请求有误：${path} 含有 NUL 字符（0x00），文本中不能包含它。`,
      },
      [{ path, message }],
    );
  }
}

/**
 * One guard for every route, so no module can forget it: a NUL character anywhere in the path parameters, query,
 * headers or JSON body answers 400 naming the field. The first runs before the session is looked up (its
 * user agent reaches SQL), the second once the body is parsed.
 */
export const nulCharacterGuard = {
  onRequest: async (request: FastifyRequest) =>
    refuseNulCharacter({ params: request.params, querystring: request.query, headers: request.headers }),
  preValidation: async (request: FastifyRequest) => refuseNulCharacter({ body: request.body }),
};

const photoContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

/** Lets a module's routes take photos as their own bytes (up to `photoLimit`); its service checks what they are. */
export function acceptPhotos(app: FastifyInstance): void {
  for (const type of photoContentTypes) {
    if (app.hasContentTypeParser(type)) continue;
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: photoLimit }, (_request, body, done) =>
      done(null, body),
    );
  }
}

/** The bytes of the photo a route took as its body (see acceptPhotos); none when the body was something else. */
export function photoBytes(request: { body: unknown }): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** The photo a route took as its body, named as the client's `fileName` query says. */
export function photoOf(request: { body: unknown; query: { fileName: string } }) {
  return { fileName: request.query.fileName, content: photoBytes(request) };
}

/** Answers a stored photo, which only the signed-in browser may keep, for an hour. */
export function sendPhoto(
  reply: FastifyReply,
  photo: { contentType: string; size: number; content: Buffer | Readable },
) {
  return reply
    .type(photo.contentType)
    .header('content-length', photo.size)
    .header('cache-control', 'private, max-age=3600')
    .send(photo.content);
}
