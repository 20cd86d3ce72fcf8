import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { calendarDate } from '../../http.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';
import { workingCalendar } from './deadlines.js';

/** The group robots a county's escalations and overdue cases are posted to. */
export const webhookFormats = ['wecom', 'dingtalk'] as const;

/** A county's case settings: its working calendar (holidays, make-up working days) and its group robots. */
export const caseSettingsSchema = z.object({
  holidays: z.array(calendarDate).max(400).default([]),
  workdays: z.array(calendarDate).max(400).default([]),
  webhooks: z
    .array(
      z.object({
        url: z.url({ protocol: /^https?$/ }).max(500),
        format: z.enum(webhookFormats),
        /** A DingTalk robot's signing secret (加签, "SEC…"): messages are then signed when sent. */
        secret: z.string().trim().min(1).max(200).optional(),
      }),
    )
    .max(10)
    .default([]),
});
export type CaseSettings = z.infer<typeof caseSettingsSchema>;

const key = (countyId: string) => `cases:${countyId}`;

/**
 * The county's settings, its calendar completed with the official holidays and make-up working days of the years
 * (this one and the next) its own dates leave out: a county starts with the State Council's calendar and edits it.
 */
export async function readCaseSettings(db: Executor, countyId: string): Promise<CaseSettings> {
  const own = caseSettingsSchema.parse((await readSetting(db, key(countyId))) ?? {});
  return { ...own, ...workingCalendar(own, new Date()) };
}

export async function writeCaseSettings(db: Executor, countyId: string, value: CaseSettings): Promise<void> {
  await writeSetting(db, key(countyId), value);
}
