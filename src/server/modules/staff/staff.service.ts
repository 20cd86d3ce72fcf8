import { uuidv7 } from 'uuidv7';
import { maskPhone } from '../../../shared/phone.js';
import type { EmploymentType, StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { loadVisible } from '../../auth/visibility.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadGridRegion, loadRegion } from '../regions/regions.service.js';
import * as repository from './staff.repository.js';

type StaffInput = {
  regionId?: string | undefined;
  kind?: StaffKind | undefined;
  name?: string | undefined;
  phone?: string | null | undefined;
  employment?: EmploymentType | null | undefined;
  dispatchingUnit?: string | null | undefined;
  duties?: string | undefined;
  isPartyMember?: boolean | undefined;
};

function present(row: repository.StaffRow, isRevealed: boolean) {
  const { staff } = row;
  return {
    id: staff.id,
    regionId: staff.regionId,
    regionName: row.regionName,
    kind: staff.kind,
    name: staff.name,
    phone: staff.phone === null ? null : isRevealed ? staff.phone : maskPhone(staff.phone),
    isPhoneMasked: staff.phone !== null && !isRevealed,
    employment: staff.employment,
    dispatchingUnit: staff.dispatchingUnit,
    duties: staff.duties,
    isPartyMember: staff.isPartyMember,
    accountId: staff.accountId,
  };
}

function loadStaff(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'staff',
    id,
    code: 'staff_not_found',
    find: () => repository.findStaff(db, actor, id),
    existsAnywhere: () => repository.staffExists(db, id),
  });
}

/** Parses the `code.id` cursor of the staff list. */
function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const [code, id] = cursor.split('.');
  if (!code || !id || !/^\d+$/.test(code))
    throw new AppError('bad_request', 'The cursor is not one this list gave out.');
  return { code, id };
}

export async function listStaff(
  db: Database,
  actor: Actor,
  query: { regionId?: string | undefined; kind?: StaffKind | undefined; cursor?: string | undefined; limit: number },
) {
  assertCan(actor, 'staff.read');
  const rootCode = query.regionId ? (await loadRegion(db, actor, query.regionId)).code : (actor.regionCode ?? '');
  const rows = await repository.listStaff(
    db,
    actor,
    { rootCode, kind: query.kind, after: parseCursor(query.cursor) },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => `${row.regionCode}.${row.staff.id}`);
  return { items: page.items.map((row) => present(row, false)), nextCursor: page.nextCursor };
}

/** One person; the phone is shown in full only to a role that may see it, when asked, and the look is audited. */
export async function getStaff(
  db: Database,
  actor: Actor,
  id: string,
  reveal: { isAsked: boolean; reason?: string | undefined },
) {
  assertCan(actor, 'staff.read');
  const row = await loadStaff(db, actor, id);
  if (!reveal.isAsked) return present(row, false);
  assertCan(actor, 'sensitive.read');
  await recordAudit(db, actor, {
    action: 'staff.reveal_phone',
    entityType: 'staff',
    entityId: id,
    regionCode: row.regionCode,
    countyId: row.staff.countyId,
    outcome: 'success',
    details: { reason: reveal.reason ?? null },
  });
  return present(row, true);
}

/** Checks the rules between fields: only grid members have an employment type, sunk cadres need their unit. */
function checkConsistency(staff: StaffInput & { kind: StaffKind }) {
  if (staff.kind !== 'grid_member' && staff.employment) {
    throw new AppError('validation_failed', 'Only grid members are full-time or part-time.');
  }
  if (staff.kind === 'sunk_cadre' && !staff.dispatchingUnit) {
    throw new AppError('validation_failed', 'A sunk cadre needs the dispatching unit (派出单位).');
  }
}

export async function createStaff(
  db: Database,
  actor: Actor,
  input: StaffInput & { regionId: string; kind: StaffKind; name: string },
) {
  assertCan(actor, 'staff.write');
  const region = await loadGridRegion(db, actor, input.regionId);
  checkConsistency(input);
  const id = uuidv7();
  await repository.insertStaff(db, { ...input, id, countyId: region.countyId });
  await recordAudit(db, actor, {
    action: 'staff.create',
    entityType: 'staff',
    entityId: id,
    regionCode: region.code,
    countyId: region.countyId,
    outcome: 'success',
  });
  return present((await repository.findStaff(db, actor, id))!, false);
}

export async function updateStaff(db: Database, actor: Actor, id: string, changes: StaffInput) {
  assertCan(actor, 'staff.write');
  const current = await loadStaff(db, actor, id);
  const region = changes.regionId ? await loadGridRegion(db, actor, changes.regionId) : undefined;
  checkConsistency({ ...current.staff, ...changes });
  await repository.updateStaff(db, current.staff.countyId, id, changes);
  await recordAudit(db, actor, {
    action: 'staff.update',
    entityType: 'staff',
    entityId: id,
    regionCode: region?.code ?? current.regionCode,
    countyId: current.staff.countyId,
    outcome: 'success',
    details: { fields: Object.keys(changes) },
  });
  return present((await repository.findStaff(db, actor, id))!, false);
}

export async function deleteStaff(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'staff.write');
  const current = await loadStaff(db, actor, id);
  await repository.deleteStaff(db, current.staff.countyId, id);
  await recordAudit(db, actor, {
    action: 'staff.delete',
    entityType: 'staff',
    entityId: id,
    regionCode: current.regionCode,
    countyId: current.staff.countyId,
    outcome: 'success',
    details: { name: current.staff.name, kind: current.staff.kind },
  });
}
