import { uuidv7 } from 'uuidv7';
import { maskPhone } from '../../../shared/phone.js';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type { listPlacesQuery, Place, PlaceChanges, PlaceInput } from '../../../shared/api/registry.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadGridRegion, loadRegion } from '../regions/regions.service.js';
import * as repository from './places.repository.js';

function present(row: repository.PlaceRow): Place {
  const { place } = row;
  return {
    id: place.id,
    regionId: place.regionId,
    regionName: row.regionName,
    kind: place.kind,
    name: place.name,
    address: place.address,
    contactName: place.contactName,
    contactPhone: place.contactPhone === null ? null : maskPhone(place.contactPhone),
    notes: place.notes,
  };
}

export function loadPlace(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'place',
    id,
    code: 'place_not_found',
    find: () => repository.findPlace(db, actor, id),
    existsAnywhere: () => repository.placeExists(db, id),
  });
}

export async function listPlaces(
  db: Database,
  actor: Actor,
  query: z.output<typeof listPlacesQuery>,
): Promise<Page<Place>> {
  assertCan(actor, 'registry.read');
  const rootCode = query.regionId ? (await loadRegion(db, actor, query.regionId)).code : (actor.regionCode ?? '');
  const rows = await repository.listPlaces(
    db,
    actor,
    { rootCode, kind: query.kind, text: query.q?.trim() || undefined, after: query.cursor },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.sortKey, row.place.id));
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

export async function getPlace(db: Database, actor: Actor, id: string): Promise<Place> {
  assertCan(actor, 'registry.read');
  return present(await loadPlace(db, actor, id));
}

export async function createPlace(db: Database, actor: Actor, input: PlaceInput): Promise<Place> {
  assertCan(actor, 'registry.write');
  const region = await loadGridRegion(db, actor, input.regionId);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertPlace(transaction, { ...input, id, countyId: region.countyId, regionCode: region.code });
    return {
      audit: {
        action: 'place.create',
        entityType: 'place',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
      },
    };
  });
  return getPlace(db, actor, id);
}

export async function updatePlace(db: Database, actor: Actor, id: string, changes: PlaceChanges): Promise<Place> {
  assertCan(actor, 'registry.write');
  const { place } = await loadPlace(db, actor, id);
  const region = changes.regionId ? await loadGridRegion(db, actor, changes.regionId) : undefined;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const moved = region ? { regionCode: region.code } : {};
    await repository.updatePlace(transaction, place.countyId, id, { ...changes, ...moved });
    return {
      audit: {
        action: 'place.update',
        entityType: 'place',
        entityId: id,
        regionCode: region?.code ?? place.regionCode,
        countyId: place.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes) },
      },
    };
  });
  return getPlace(db, actor, id);
}

export async function deletePlace(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'registry.write');
  const { place } = await loadPlace(db, actor, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.deletePlace(transaction, place.countyId, id);
    return {
      audit: {
        action: 'place.delete',
        entityType: 'place',
        entityId: id,
        regionCode: place.regionCode,
        countyId: place.countyId,
        outcome: 'success',
        details: { name: place.name },
      },
    };
  });
}
