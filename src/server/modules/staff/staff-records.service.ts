import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import type { gridStaff } from '../../db/schema/index.js';
import { loadVisible } from '../audit/audit.service.js';
import * as repository from './staff.repository.js';

/*
 * The person records that the accounts module keeps in step with an account: placing its holder in the grid,
 * linking, following a new name or grid. They sit apart from staff.service, which builds on the accounts service,
 * so that the two modules depend on each other one way only.
 */

export type PersonRecord = repository.StaffRow;

/** Loads a person inside the actor's scope, or answers 404 (auditing a look outside it). */
export function loadStaff(db: Executor, actor: Actor, id: string): Promise<PersonRecord> {
  return loadVisible(db, actor, {
    type: 'staff',
    id,
    code: 'staff_not_found',
    find: () => repository.findStaff(db, actor, id),
    existsAnywhere: () => repository.staffExists(db, id),
  });
}

/** The person linked to an account, whether or not the actor sees them: a link is unique among everyone. */
export function findStaffOfAccount(db: Executor, countyId: string, accountId: string) {
  return repository.findStaffOfAccount(db, countyId, accountId);
}

export function insertStaff(db: Executor, row: typeof gridStaff.$inferInsert): Promise<void> {
  return repository.insertStaff(db, row);
}

export function updateStaff(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof gridStaff.$inferInsert>,
): Promise<void> {
  return repository.updateStaff(db, countyId, id, changes);
}
