import type { PersonMet } from '../../../shared/api/visits.js';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { isMinorFor, isNameHidden, presentationFor, visibleAge, visibleName } from './persons.presenter.js';

/** The few facts of a person a visit's list shows; the registry's own rules decide what of them the caller sees. */
export type PersonFacts = { id: string; name: string; birthDate: string | null; relationToHead: string | null };

/**
 * People met on visits, as the registry shows them: a minor's name and age hidden from a role without
 * `sensitive.read`, the age reached this year otherwise for such a role. Kept here so that no other module masks a
 * person its own way.
 */
export async function presentPersonsMet(
  db: Executor,
  actor: Actor,
  people: PersonFacts[],
): Promise<Map<string, PersonMet>> {
  const presentation = await presentationFor(db, actor, false);
  return new Map(
    people.map((person) => [
      person.id,
      {
        id: person.id,
        name: visibleName(person.name, person.birthDate, presentation),
        relationToHead: person.relationToHead,
        age:
          person.birthDate === null || isNameHidden(person.birthDate, presentation)
            ? null
            : visibleAge(person.birthDate, presentation),
        isMinor: isMinorFor(person.birthDate, presentation),
      },
    ]),
  );
}
