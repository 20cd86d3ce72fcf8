import { z } from 'zod';
import { AppError } from '../../errors.js';

/** Where a list's next page starts: the sort field's value and the id of the last row of the page before. */
export type ListCursor = { key: string; id: string };

/** The cursor a registry list gives out after a row: its sort key and its id. */
export function cursorOf(key: string, id: string): string {
  return `${key}|${id}`;
}

/** Reads a cursor back; one this list did not give out answers 400 rather than an arbitrary page. */
export function parseCursor(cursor: string | undefined): ListCursor | undefined {
  if (cursor === undefined) return undefined;
  // The key may hold a | itself (an address, a name): the id is what follows the last one.
  const separator = cursor.lastIndexOf('|');
  const id = cursor.slice(separator + 1);
  if (separator < 1 || !z.uuid().safeParse(id).success) {
    throw new AppError('bad_request', 'The cursor is not one this list gave out.');
  }
  return { key: cursor.slice(0, separator), id };
}

/** Text for a LIKE pattern, matching itself only: % and _ typed in a search box are not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
