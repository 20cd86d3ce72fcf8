import { z } from 'zod';

/** The error body every endpoint may answer with. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** The years a date in a request may name: PostgreSQL refuses year 0, and nothing a county records lies outside. */
const yearRange = { earliest: 1900, latest: 2100 } as const;

function isInYearRange(isoText: string): boolean {
  const year = Number(isoText.slice(0, 4));
  return year >= yearRange.earliest && year <= yearRange.latest;
}

const yearRangeMessage = {
  message: `Give a date between ${yearRange.earliest} and ${yearRange.latest}.`,
  params: { zh: `请填写 ${yearRange.earliest} 年到 ${yearRange.latest} 年之间的日期。` },
};

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
        context.addIssue({
          code: 'custom',
          message: 'The cursor is not one this list gave out.',
          params: { zh: '这个游标不是此列表给出的。' },
        });
        return z.NEVER;
      }
      return { key: parsedKey.data, id };
    });
}

/** A page of a list: its items and where the next page starts (null on the last). */
export function listSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export type Page<Item> = { items: Item[]; nextCursor: string | null };

/** Asks for a masked field (a phone, an id number) in full; the reason goes to the audit log. */
export const revealQuery = z.object({
  reveal: z.stringbool().default(false),
  reason: z.string().trim().max(200).optional(),
});

/**
 * A change of a record: any of its fields, at least one (a change that names none would change nothing). The rule's
 * Chinese travels as `params.zh`, which error answers use for a request that prefers Chinese.
 */
export function changeOf<Fields extends z.ZodRawShape>(fields: Fields) {
  return z
    .object(fields)
    .partial()
    .refine((body) => Object.keys(body).length > 0, {
      message: 'Send at least one field to change.',
      params: { zh: '请至少修改一个字段。' },
    });
}
