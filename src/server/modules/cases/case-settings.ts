import { caseSettingsSchema, type CaseSettings } from '../../../shared/api/case-catalogue.js';
import type { Executor } from '../../db/client.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';
import { workingCalendar, type WorkCalendar } from './deadlines.js';

const key = (countyId: string) => `cases:${countyId}`;

/**
 * The county's settings, its calendar completed with the official holidays and make-up working days of the years
 * (this one and the next) its own dates leave out: a county starts with the State Council's calendar and edits it.
 */
export async function readCaseSettings(db: Executor, countyId: string): Promise<CaseSettings> {
  const own = await readOwnCaseSettings(db, countyId);
  return { ...own, ...workingCalendar(own, new Date()) };
}

/**
 * The calendar a time limit started at `start` (the database's clock) is counted on: the years it works in are
 * those of `start`, whatever this process's clock says.
 */
export async function workingCalendarAt(db: Executor, countyId: string, start: Date): Promise<WorkCalendar> {
  return workingCalendar(await readOwnCaseSettings(db, countyId), start);
}

/** The settings as the county saved them, without the official calendar. */
async function readOwnCaseSettings(db: Executor, countyId: string): Promise<CaseSettings> {
  return caseSettingsSchema.parse((await readSetting(db, key(countyId))) ?? {});
}

/** The county's group robots, handed to the notifications module, which posts to them. */
export async function countyRobots(db: Executor, countyId: string): Promise<CaseSettings['webhooks']> {
  return (await readCaseSettings(db, countyId)).webhooks;
}

export async function writeCaseSettings(db: Executor, countyId: string, value: CaseSettings): Promise<void> {
  await writeSetting(db, key(countyId), value);
}
