import type { Actor } from '../../auth/actor.js';
import { loadVisible } from '../../auth/visibility.js';
import type { Executor } from '../../db/client.js';
import * as repository from './staff.repository.js';

/** Loads a person inside the actor's scope, or answers 404 (auditing a look outside it). */
export function loadStaff(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'staff',
    id,
    code: 'staff_not_found',
    find: () => repository.findStaff(db, actor, id),
    existsAnywhere: () => repository.staffExists(db, id),
  });
}
