import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from './errors.js';

/** The error body every endpoint may answer with. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  429: errorSchema,
} as const;

/** The years a date in a request may name: PostgreSQL refuses year 0, and nothing a county records lies outside. */
const yearRange = { earliest: 1900, latest: 2100 } as const;

function isInYearRange(isoText: string): boolean {
  const year = Number(isoText.slice(0, 4));
  return year >= yearRange.earliest && year <= yearRange.latest;
}

const yearRangeMessage = `Give a date between ${yearRange.earliest} and ${yearRange.latest}.`;

/** A calendar date (YYYY-MM-DD: 2026-02-30 is refused) between 1900 and 2100; every date a request names. */
export const calendarDate = z.iso.date().refine(isInYearRange, yearRangeMessage);

/** An instant (ISO 8601, in UTC or with its offset) between 1900 and 2100. */
export const calendarInstant = z.iso.datetime({ offset: true }).refine(isInYearRange, yearRangeMessage);

/** Where a list's next page starts: the sort key's value and the id of the last row of the page before. */
export type ListCursor = { key: string; id: string };

/** The cursor a list gives out after a row: its sort key and its id. */
export function cursorOf(key: string, id: string): string {
  return `${key}|${id}`;
}

/**
 * A list's `cursor` query parameter, read back to `{ key, id }` by the schema itself, so a cursor the list did not
 * give out answers 400 before any query runs (never an arbitrary page or a database error). `key` checks the sort
 * key, which may hold a | itself (an address, a name): the id is what follows the last one.
 */
export function listCursor(key: z.ZodType<string> = z.string().min(1)) {
  return z
    .string()
    .max(400)
    .transform((text, context): ListCursor => {
      const separator = text.lastIndexOf('|');
      const id = text.slice(separator + 1);
      const parsedKey = key.safeParse(text.slice(0, separator));
      if (separator < 0 || !parsedKey.success || !z.uuid().safeParse(id).success) {
        context.addIssue({ code: 'custom', message: 'The cursor is not one this list gave out.' });
        return z.NEVER;
      }
      return { key: parsedKey.data, id };
    });
}

export function listSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
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
    throw new AppError('validation_failed', `Invalid request — ${path}: ${message}.`, [{ path, message }]);
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
