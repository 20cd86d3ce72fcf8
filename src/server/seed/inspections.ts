import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../auth/actor.js';
import type { Database, Transaction } from '../db/client.js';
import { accounts, gridStaff, places, regions } from '../db/schema/index.js';
import { createInspection, listChecklists, reInspect } from '../modules/inspections/inspections.service.js';
import { Random } from './random.js';

/** How many places the demo inspects: enough for the figures and the lists to show something of each kind. */
const demoInspectionCount = 32;

/** The failures inspectors find most in the nine small places, with what they write down (seed [000]). */
const findings: Record<string, string[]> = {
  gas_hose: ['软管老化开裂', '软管超过 2 米', '软管穿墙敷设'],
  stove_flame_failure: ['灶具无熄火保护装置'],
  gas_alarm: ['后厨未安装燃气报警器', '报警器已损坏'],
  exit_blocked: ['后门堆放纸箱', '疏散通道堆放杂物'],
  extinguisher: ['灭火器过期', '灭火器压力不足'],
  wiring: ['电线私拉乱接', '插线板串接'],
  lpg_cylinder: ['钢瓶超期未检'],
  fume_duct: ['油烟管道积油严重'],
  cylinder_storage: ['钢瓶与灶具同室存放'],
};

function actorOf(
  row: { id: string; username: string; displayName: string; role: Actor['role'] },
  region: {
    id: string;
    code: string;
    countyId: string | null;
  },
): Actor {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    regionId: region.id,
    regionCode: region.code,
    countyId: region.countyId ?? region.id,
    address: undefined,
    userAgent: undefined,
  };
}

/**
 * A month of hazard inspections of the demo's restaurants, shops and nine small places, through the inspections
 * service as the grid's people would record them: most places pass, some failures are fixed on the spot, some become
 * cases, and a few of those were re-inspected and put right. Photos are left out (the seed has no file store).
 */
export async function seedInspections(transaction: Transaction, countyId: string, now: Date): Promise<number> {
  const db = transaction as unknown as Database;
  const random = new Random(11);
  const [county] = await db.select().from(regions).where(eq(regions.id, countyId));
  const [member] = await db
    .select({ account: accounts, region: regions })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(eq(accounts.username, 'member'));
  const [countyAccount] = await db.select().from(accounts).where(eq(accounts.username, 'county'));
  if (!county || !member || !countyAccount) return 0;
  const countyActor = actorOf(countyAccount, county);
  const memberActor = actorOf(member.account, member.region);
  const [checklist] = await listChecklists(db, countyActor, { includeInactive: false });
  if (!checklist) return 0;
  const candidates = await db
    .select({ id: places.id, regionId: places.regionId, regionCode: places.regionCode })
    .from(places)
    .where(and(eq(places.countyId, countyId), inArray(places.kind, checklist.placeKinds)))
    .orderBy(places.regionCode, places.id);
  if (candidates.length === 0) return 0;
  // The member's own grid first, so the demo's grid member sees inspections of their own places.
  const own = candidates.filter((place) => place.regionCode.startsWith(member.region.code));
  const others = candidates.filter((place) => !place.regionCode.startsWith(member.region.code));
  const chosen = [
    ...own.slice(0, 6),
    ...random.shuffle(others).slice(0, demoInspectionCount - Math.min(own.length, 6)),
  ];
  const staff = await db
    .select({ id: gridStaff.id, regionId: gridStaff.regionId })
    .from(gridStaff)
    .where(eq(gridStaff.countyId, countyId));
  let recorded = 0;
  for (const [index, place] of chosen.entries()) {
    const isOwn = place.regionCode.startsWith(member.region.code);
    const actor = isOwn ? memberActor : countyActor;
    const inspectors = staff.filter((person) => person.regionId === place.regionId).slice(0, 2);
    const failures = random.chance(0.35) ? 0 : random.integer(1, 3);
    const failing = new Set(random.shuffle(checklist.items.map((item) => item.code)).slice(0, failures));
    // Fixed on the spot when the owner could do it there and then; a case otherwise.
    const isCase = (code: string) => ['gas_alarm', 'stove_flame_failure', 'fume_duct', 'gas_hose'].includes(code);
    const inspectedAt = new Date(
      now.getTime() - (2 + ((index * 29) % 26)) * 86_400_000 - random.integer(0, 8) * 3_600_000,
    );
    const id = uuidv7();
    await createInspection(db, actor, {
      id,
      placeId: place.id,
      checklistId: checklist.id,
      inspectedAt: inspectedAt.toISOString(),
      inspectorStaffIds: inspectors.map((person) => person.id),
      notes: '',
      items: checklist.items.map((item) => {
        if (!failing.has(item.code)) {
          return {
            code: item.code,
            result: item.code === 'fume_duct' && random.chance(0.2) ? 'not_applicable' : 'ok',
            note: '',
            photoIds: [],
          };
        }
        const note = random.pick(findings[item.code] ?? ['存在隐患']);
        return {
          code: item.code,
          result: 'not_ok' as const,
          note,
          photoIds: [],
          resolution: isCase(item.code)
            ? { kind: 'case' as const, tier: 'general' as const }
            : { kind: 'fixed' as const, note: '店主当场整改', photoIds: [] },
        };
      }),
    });
    recorded += 1;
    // A third of those with cases were re-inspected a few days later and found put right.
    const caseCodes = [...failing].filter(isCase);
    if (caseCodes.length > 0 && index % 3 === 0) {
      await reInspect(db, actor, id, {
        id: uuidv7(),
        inspectedAt: new Date(
          Math.min(inspectedAt.getTime() + 3 * 86_400_000, now.getTime() - 3_600_000),
        ).toISOString(),
        inspectorStaffIds: inspectors.map((person) => person.id),
        notes: '',
        items: caseCodes.map((code) => ({ code, result: 'ok' as const, note: '已整改', photoIds: [] })),
      });
      recorded += 1;
    }
  }
  return recorded;
}
