import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type {
  Attendance,
  attendanceQuery,
  AttendanceRow,
  AttendanceStatus,
  CheckIn,
  checkInBody,
  checkOutBody,
  Leave,
  leaveBody,
  leaveDecisionBody,
  leaveQuery,
  ServiceDays,
} from '../../../shared/api/cadres.js';
import { addDays, chinaToday } from '../../../shared/clock.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import {
  listServingCadres,
  loadCadre,
  loadOwnCadre,
  presentCadre,
  resolveRoot,
  type CadreRow,
} from '../cadres/cadres.service.js';
import { assertPeriodOpen } from '../cadre-reports/period-locks.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { readSetting, saveCountySetting } from '../settings/settings.service.js';
import * as repository from './attendance.repository.js';
import { measureAgainstBoundary } from './grid-distance.js';

// Service days ---------------------------------------------------------------------------------------------------

const serviceDaysKey = (countyId: string) => `cadres:service-days:${countyId}`;
/** Seed 004's fixed service day: every Wednesday, half a day. */
const defaultServiceDays: ServiceDays = { weekdays: [3], expectedHours: 4 };

export async function readServiceDays(db: Executor, countyId: string): Promise<ServiceDays> {
  return (await readSetting<ServiceDays>(db, serviceDaysKey(countyId))) ?? defaultServiceDays;
}

export async function getServiceDays(db: Database, actor: Actor, countyId?: string): Promise<ServiceDays> {
  assertCan(actor, 'cadre.read');
  return readServiceDays(db, (await loadCounty(db, actor, countyId)).id);
}

export async function saveServiceDays(
  db: Database,
  actor: Actor,
  input: ServiceDays,
  countyId?: string,
): Promise<ServiceDays> {
  assertCan(actor, 'cadre.configure');
  const county = await loadCounty(db, actor, countyId);
  const value = { weekdays: [...new Set(input.weekdays)].sort(), expectedHours: input.expectedHours };
  await saveCountySetting(db, actor, county, {
    key: serviceDaysKey(county.id),
    value: value,
    action: 'cadre_settings.update',
    entityType: 'cadre_settings',
    details: { serviceDays: value },
  });
  return value;
}

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/** The service days of a period, oldest first. */
export function serviceDaysBetween(weekdays: number[], from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) if (weekdays.includes(weekdayOf(day))) days.push(day);
  return days;
}

// Check-ins ------------------------------------------------------------------------------------------------------

function presentCheckIn(row: repository.CheckInRow, cadreName: string, weekdays: number[]): CheckIn {
  const hours =
    row.checkedOutAt === null
      ? null
      : Math.round(((row.checkedOutAt.getTime() - row.checkedInAt.getTime()) / 3_600_000) * 10) / 10;
  return {
    id: row.id,
    cadreId: row.cadreId,
    cadreName,
    day: row.day,
    isServiceDay: weekdays.includes(weekdayOf(row.day)),
    checkedInAt: row.checkedInAt.toISOString(),
    location: { lat: row.latitude, lng: row.longitude },
    insideGrid: row.insideGrid,
    distanceMeters: row.distanceMeters,
    checkedOutAt: row.checkedOutAt?.toISOString() ?? null,
    hours,
  };
}

function loadCheckIn(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'cadre',
    id,
    code: 'not_found',
    find: () => repository.findCheckIn(db, actor, id, options),
    existsAnywhere: () => repository.checkInExists(db, id),
  });
}

async function readCheckIn(db: Executor, actor: Actor, id: string): Promise<CheckIn> {
  const row = await loadCheckIn(db, actor, id);
  const { weekdays } = await readServiceDays(db, row.checkIn.countyId);
  return presentCheckIn(row.checkIn, row.cadreName, weekdays);
}

/** Where a point is against the cadre's grid (their community when no grid is assigned); nulls without a boundary. */
async function measure(db: Executor, cadre: CadreRow, location: { lat: number; lng: number }) {
  const boundary = await repository.findBoundary(db, cadre.record.gridId ?? cadre.record.serviceRegionId);
  if (boundary === null) return { insideGrid: null, distanceMeters: null };
  const { inside, metres } = measureAgainstBoundary(boundary, location.lng, location.lat);
  return { insideGrid: inside, distanceMeters: metres };
}

/**
 * The signed-in cadre checks in today (China date) where they are. The field app's id makes it idempotent: the
 * same id again answers the check-in already made; a second check-in of the same day answers 409.
 */
export async function checkIn(
  db: Database,
  actor: Actor,
  input: z.output<typeof checkInBody>,
): Promise<{ checkIn: CheckIn; isCreated: boolean }> {
  assertCan(actor, 'cadre.check_in');
  const { result, isNew } = await recordOnce(actor, input.id, {
    findCreator: () => repository.findCheckInCreator(db, input.id),
    read: () => readCheckIn(db, actor, input.id),
    write: async () => {
      const cadre = await loadOwnCadre(db, actor);
      const { countyId, id: cadreId } = cadre.record;
      const day = chinaToday();
      if (await repository.findCheckInOfDay(db, countyId, cadreId, day)) {
        throw new AppError('already_checked_in', {
          en: 'You have checked in today already.',
          zh: '您今天已经签到过了。',
        });
      }
      await assertPeriodOpen(db, cadre.record, { from: day, to: day });
      const place = await measure(db, cadre, input.location);
      await inTransactionWithAudit(db, actor, async (transaction) => {
        const inserted = await repository.insertCheckIn(transaction, {
          countyId,
          id: input.id,
          cadreId,
          day,
          checkedInAt: new Date(),
          latitude: input.location.lat,
          longitude: input.location.lng,
          ...place,
          createdBy: accountIdOf(actor),
        });
        assertInsertedOnce(inserted);
        return {
          audit: {
            action: 'cadre.check_in',
            entityType: 'cadre',
            entityId: cadreId,
            countyId,
            regionCode: cadre.record.regionCode,
            outcome: 'success',
            details: { checkInId: input.id, day, ...place },
          },
        };
      });
      return readCheckIn(db, actor, input.id);
    },
  });
  return { checkIn: result, isCreated: isNew };
}

/** The cadre checks out of their check-in (their own only); checking out again moves the time. */
export async function checkOut(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof checkOutBody>,
): Promise<CheckIn> {
  assertCan(actor, 'cadre.check_in');
  await inTransactionWithAudit(db, actor, async (transaction) => {
    // Out of scope reads like missing; in scope, only the cadre checks out of their own.
    const row = await loadCheckIn(transaction, actor, id, { forUpdate: true });
    const cadre = await loadOwnCadre(transaction, actor);
    if (row.checkIn.cadreId !== cadre.record.id) {
      throw new AppError('forbidden', { en: 'This is not your check-in.', zh: '这不是您的签到记录。' });
    }
    await assertPeriodOpen(transaction, cadre.record, { from: row.checkIn.day, to: row.checkIn.day });
    await repository.updateCheckIn(transaction, row.checkIn.countyId, id, {
      checkedOutAt: new Date(),
      checkOutLatitude: input.location.lat,
      checkOutLongitude: input.location.lng,
    });
    return {
      audit: {
        action: 'cadre.check_out',
        entityType: 'cadre',
        entityId: cadre.record.id,
        countyId: row.checkIn.countyId,
        regionCode: cadre.record.regionCode,
        outcome: 'success',
        details: { checkInId: id },
      },
    };
  });
  return readCheckIn(db, actor, id);
}

// Attendance -----------------------------------------------------------------------------------------------------

function assertPeriod(from: string, to: string): void {
  if (from > to || addDays(from, 366) < to) {
    throw new AppError(
      'validation_failed',
      { en: 'Choose a period of at most a year.', zh: '请选择一年以内的时段。' },
      [{ path: '/query/to', message: 'from after to, or longer than a year' }],
    );
  }
}

/**
 * Rows by whom and day (a cadre's check-ins, an account's work): a street's quarter looks up ten thousand days, and
 * a map per cadre keyed by the day is found without building and hashing a key for each.
 */
function byDayOf<Row extends { day: string }, Value>(
  rows: Row[],
  whose: (row: Row) => string,
  value: (row: Row) => Value,
): Map<string, Map<string, Value>> {
  const of = new Map<string, Map<string, Value>>();
  for (const row of rows) {
    const days = of.get(whose(row));
    if (days) days.set(row.day, value(row));
    else of.set(whose(row), new Map([[row.day, value(row)]]));
  }
  return of;
}

/** A cadre's service day: what it was, the work recorded on it, and the check-in's id when there was one. */
type AttendanceDayTally = { day: string; status: AttendanceStatus; workCount: number; checkInId: string | null };

/**
 * What each cadre's service days of a period were: worked, 点卯 (checked in, no work recorded), absent, on leave;
 * and each cadre's work over the whole period. Counts days from the check-ins' days and the per-day work tallies,
 * without reading or presenting each check-in (the reports of a street count a thousand cadres' quarter).
 */
export async function computeAttendance(db: Database, actor: Actor, query: z.output<typeof attendanceQuery>) {
  assertCan(actor, 'cadre.read');
  assertPeriod(query.from, query.to);
  const cadres = await listServingCadres(db, actor, query);
  const countyId = cadres[0]?.record.countyId ?? (await resolveRoot(db, actor, query.regionId)).countyId;
  if (countyId === undefined || cadres.length === 0) return { countyId, weekdays: [], serviceDays: [], items: [] };
  const { weekdays } = await readServiceDays(db, countyId);
  const serviceDays = serviceDaysBetween(weekdays, query.from, query.to);
  const ids = cadres.map((row) => row.record.id);
  const accountIds = cadres.flatMap((row) => (row.record.accountId === null ? [] : [row.record.accountId]));
  const [checkIns, work, leaves] = await Promise.all([
    repository.listCheckInDays(db, countyId, ids, query.from, query.to),
    repository.countWorkByDay(db, countyId, accountIds, query.from, query.to),
    repository.listLeaves(db, actor, { countyId, rootCode: '', status: 'approved', cadreIds: ids }),
  ]);
  const checkInsOf = byDayOf(
    checkIns,
    (row) => row.cadreId,
    (row) => row.id,
  );
  const workOf = byDayOf(
    work,
    (row) => row.accountId,
    (row) => row.count,
  );
  const leavesOf = new Map<string, (typeof leaves)[number][]>();
  for (const row of leaves) {
    const ofCadre = leavesOf.get(row.leave.cadreId);
    if (ofCadre) ofCadre.push(row);
    else leavesOf.set(row.leave.cadreId, [row]);
  }
  const today = chinaToday();
  const items = cadres.map((cadre) => {
    const { record } = cadre;
    const cadreLeaves = leavesOf.get(record.id) ?? [];
    const checkInOn = checkInsOf.get(record.id);
    const workOn = record.accountId === null ? undefined : workOf.get(record.accountId);
    const days = serviceDays
      .filter((day) => day >= record.startsOn && (record.endedOn === null || day <= record.endedOn))
      .map((day): AttendanceDayTally => {
        const checkInId = checkInOn?.get(day) ?? null;
        const workCount = workOn?.get(day) ?? 0;
        const isOnLeave = cadreLeaves.some(({ leave }) => leave.startsOn <= day && day <= leave.endsOn);
        const status: AttendanceStatus = checkInId
          ? workCount > 0
            ? 'worked'
            : 'roll_call_only'
          : isOnLeave
            ? 'on_leave'
            : day < today
              ? 'absent'
              : 'upcoming';
        return { day, status, workCount, checkInId };
      });
    const count = (status: AttendanceStatus) => days.filter((day) => day.status === status).length;
    return {
      cadre,
      days,
      worked: count('worked'),
      rollCallOnly: count('roll_call_only'),
      absent: count('absent'),
      onLeave: count('on_leave'),
      work: workOn === undefined ? 0 : [...workOn.values()].reduce((sum, count) => sum + count, 0),
    };
  });
  return { countyId, weekdays, serviceDays, items };
}

/** The attendance page: each cadre's service days with the check-in of each. */
export async function getAttendance(
  db: Database,
  actor: Actor,
  query: z.output<typeof attendanceQuery>,
): Promise<Attendance> {
  const { countyId, weekdays, serviceDays, items } = await computeAttendance(db, actor, query);
  if (countyId === undefined) return { serviceDays, items: [] };
  const checkInIds = items.flatMap((item) => item.days.flatMap((day) => (day.checkInId ? [day.checkInId] : [])));
  const checkIns = new Map((await repository.listCheckIns(db, countyId, checkInIds)).map((row) => [row.id, row]));
  return {
    serviceDays,
    items: items.map((item): AttendanceRow => {
      const presentDay = ({ checkInId, ...day }: AttendanceDayTally) => {
        const checkIn = checkInId === null ? undefined : checkIns.get(checkInId);
        return { ...day, checkIn: checkIn ? presentCheckIn(checkIn, item.cadre.record.name, weekdays) : null };
      };
      return {
        cadre: presentCadre(actor, item.cadre),
        days: item.days.map(presentDay),
        worked: item.worked,
        rollCallOnly: item.rollCallOnly,
        absent: item.absent,
        onLeave: item.onLeave,
      };
    }),
  };
}

// Leave ----------------------------------------------------------------------------------------------------------

function presentLeave(row: NonNullable<Awaited<ReturnType<typeof repository.findLeave>>>): Leave {
  return {
    id: row.leave.id,
    cadreId: row.leave.cadreId,
    cadreName: row.cadreName,
    startsOn: row.leave.startsOn,
    endsOn: row.leave.endsOn,
    reason: row.leave.reason,
    status: row.leave.status,
    decidedAt: row.leave.decidedAt?.toISOString() ?? null,
  };
}

function loadLeave(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'cadre_leave',
    id,
    code: 'cadre_leave_not_found',
    find: () => repository.findLeave(db, actor, id, options),
    existsAnywhere: () => repository.leaveExists(db, id),
  });
}

/** Asks for leave: the cadre for themselves (any cadre id is their own), or the community for a cadre of theirs. */
export async function requestLeave(db: Database, actor: Actor, input: z.output<typeof leaveBody>): Promise<Leave> {
  assertCan(actor, 'cadre.check_in');
  if (input.startsOn > input.endsOn) {
    throw new AppError(
      'validation_failed',
      { en: 'The leave ends before it starts.', zh: '请假结束日期早于开始日期。' },
      [{ path: '/body/endsOn', message: 'before startsOn' }],
    );
  }
  const cadre = actor.role === 'cadre' ? await loadOwnCadre(db, actor) : await loadCadre(db, actor, input.cadreId);
  if (cadre.record.id !== input.cadreId) {
    throw new AppError('forbidden', { en: 'A cadre asks for their own leave.', zh: '下沉干部只能为本人请假。' });
  }
  await assertPeriodOpen(db, cadre.record, { from: input.startsOn, to: input.endsOn });
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertLeave(transaction, {
      countyId: cadre.record.countyId,
      id,
      cadreId: cadre.record.id,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      reason: input.reason,
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'cadre_leave.request',
        entityType: 'cadre_leave',
        entityId: id,
        countyId: cadre.record.countyId,
        regionCode: cadre.record.regionCode,
        outcome: 'success',
        details: { cadreId: cadre.record.id, startsOn: input.startsOn, endsOn: input.endsOn },
      },
    };
  });
  return presentLeave((await repository.findLeave(db, actor, id))!);
}

/** The community approves or rejects a pending request. */
export async function decideLeave(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof leaveDecisionBody>,
): Promise<Leave> {
  assertCan(actor, 'cadre.manage');
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadLeave(transaction, actor, id, { forUpdate: true });
    if (row.leave.status !== 'pending') {
      throw new AppError('leave_decided', { en: 'This leave has been decided already.', zh: '该请假已审批。' });
    }
    const cadre = await loadCadre(transaction, actor, row.leave.cadreId);
    await assertPeriodOpen(transaction, cadre.record, { from: row.leave.startsOn, to: row.leave.endsOn });
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    await repository.updateLeave(transaction, row.leave.countyId, id, {
      status,
      decidedBy: accountIdOf(actor),
      decidedAt: new Date(),
    });
    return {
      audit: {
        action: `cadre_leave.${input.decision}`,
        entityType: 'cadre_leave',
        entityId: id,
        countyId: row.leave.countyId,
        regionCode: row.regionCode,
        outcome: 'success',
        details: { cadreId: row.leave.cadreId },
      },
    };
  });
  return presentLeave((await repository.findLeave(db, actor, id))!);
}

export async function listLeaves(
  db: Database,
  actor: Actor,
  query: z.output<typeof leaveQuery>,
): Promise<{ items: Leave[] }> {
  assertCan(actor, 'cadre.read');
  const root = await resolveRoot(db, actor, query.regionId);
  return { items: (await repository.listLeaves(db, actor, { ...root, status: query.status })).map(presentLeave) };
}
