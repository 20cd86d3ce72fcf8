import type { Person } from '../../../shared/api/registry.js';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { can } from '../../../shared/policy.js';
import { addDays } from '../../../shared/clock.js';
import { earliestMinorBirthDate, presentationFor, presentPerson, starNumbers } from './persons.presenter.js';
import { findPersonRowsByIds } from './persons.repository.js';

/**
 * The residents a record names as its parties (a dispute's), presented by the registry's own rules — masked ID
 * number and phone unless revealed, a minor's name hidden from a role without `sensitive.read` — so that no other
 * module masks a person its own way. The record's scope has been checked by its module: a party living in another
 * grid is still shown, masked alike.
 */
export async function presentPartyPersons(
  db: Executor,
  actor: Actor,
  countyId: string,
  ids: string[],
  isRevealed: boolean,
): Promise<Map<string, Person>> {
  const rows = await findPersonRowsByIds(db, countyId, [...new Set(ids)]);
  const presentation = await presentationFor(db, actor, isRevealed);
  return new Map(rows.map((row) => [row.person.id, presentPerson(row, presentation)]));
}

/** Notes about residents (a mediation's minutes) as the caller may read them: numbers and dates starred without `sensitive.read`. */
export function visibleNotes(actor: Actor, text: string): string {
  return can(actor.role, 'sensitive.read') ? text : starNumbers(text);
}

/**
 * For another module's search of residents by name: the latest birth date the caller may find — a role without
 * `sensitive.read` does not find minors, whose names it may not see, a letter at a time — or undefined for everyone.
 */
export async function adultsBornByFor(db: Executor, actor: Actor): Promise<string | undefined> {
  const presentation = await presentationFor(db, actor, false);
  return presentation.mayReadSensitive ? undefined : addDays(earliestMinorBirthDate(presentation), -1);
}

/** Numbers (a phone, an ID number, a door) in free text starred, for text shown where no one may read them. */
export { starNumbers };
