import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { createUnitBody, Unit, unitQuery, updateUnitBody } from '../../../shared/api/units.js';
import type { UnitKind } from '../../../shared/units.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import * as repository from './units.repository.js';

function presentUnit(row: repository.UnitRow): Unit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as UnitKind,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}

/** The county's units: a reference list every account of the county reads (pickers of pairings, wishes, cadres). */
export async function listUnits(db: Database, actor: Actor, query: z.output<typeof unitQuery>): Promise<Unit[]> {
  assertCan(actor, 'unit.read');
  const county = await loadCounty(db, actor, query.countyId);
  return (await repository.listUnits(db, county.id, query.includeRetired)).map(presentUnit);
}

/** The unit of a dispatching unit's own account, as its session shows it; null for every other account. */
export async function findOwnUnit(db: Executor, actor: Actor): Promise<{ id: string; name: string } | null> {
  if (actor.unitId === undefined) return null;
  const row = await repository.findUnit(db, actor, actor.countyId, actor.unitId);
  return row ? { id: row.id, name: row.name } : null;
}

/**
 * A unit of the actor's county (any county for an account that spans them), or 404; one of another county is
 * answered like a missing one, and the look is audited.
 */
export function loadUnit(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'unit',
    id,
    code: 'unit_not_found',
    find: () => repository.findUnit(db, actor, actor.countyId, id, options),
    existsAnywhere: () => repository.unitExists(db, id),
  });
}

/** A unit that others may name in a new record: of the county and not retired (400 when retired). */
export async function loadActiveUnit(db: Executor, actor: Actor, id: string): Promise<Unit & { countyId: string }> {
  const row = await loadUnit(db, actor, id);
  const unit = { ...presentUnit(row), countyId: row.countyId };
  if (unit.retiredAt !== null) {
    throw new AppError('validation_failed', {
      en: `${unit.name} is retired: choose a unit that still works with the county.`,
      zh: `${unit.name} 已停用，请选择仍在合作的单位。`,
    });
  }
  return unit;
}

export async function createUnit(
  db: Database,
  actor: Actor,
  input: z.output<typeof createUnitBody>,
  countyId?: string,
): Promise<Unit> {
  assertCan(actor, 'unit.manage');
  const county = await loadCounty(db, actor, countyId);
  const id = uuidv7();
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertUnits(transaction, [{ countyId: county.id, id, ...input }]);
    return {
      result: presentUnit((await repository.findUnit(transaction, actor, county.id, id))!),
      audit: {
        action: 'unit.create',
        entityType: 'unit',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { name: input.name, kind: input.kind },
      },
    };
  });
}

/** Renames a unit, changes its contact, or retires it (it keeps its history; pickers offer it no more). */
export async function updateUnit(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateUnitBody>,
): Promise<Unit> {
  assertCan(actor, 'unit.manage');
  const county = await loadCounty(db, actor, (await loadUnit(db, actor, id)).countyId);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadUnit(transaction, actor, id, { forUpdate: true });
    const { isRetired, ...fields } = changes;
    const retiredAt = isRetired === undefined ? {} : { retiredAt: isRetired ? (row.retiredAt ?? new Date()) : null };
    await repository.updateUnit(transaction, row.countyId, id, { ...fields, ...retiredAt });
    return {
      result: presentUnit((await repository.findUnit(transaction, actor, row.countyId, id))!),
      audit: {
        action: 'unit.update',
        entityType: 'unit',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { ...changes },
      },
    };
  });
}
