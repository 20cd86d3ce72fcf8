import { can } from '../../../shared/policy.js';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { readSensitivePurposeCodes } from './visit-purposes.service.js';

/** The facts of a visit that decide who reads its findings. */
export type FindingsFacts = {
  id: string;
  countyId: string;
  regionCode: string;
  purpose: string;
  findings: string;
  recordedBy: string;
};

/** Findings the caller wrote themselves: reading them back tells them nothing new, so they are neither hidden nor audited. */
function isOwn(actor: Actor, visit: FindingsFacts): boolean {
  return visit.recordedBy === actor.id;
}

/**
 * Whether the caller may not read a visit's findings: those of a sensitive purpose (a 低保 check describes a
 * household's income, an epidemic check its health, and whatever the county marks so) are hidden, as the registry's
 * sensitive fields are, from a role without `sensitive.read` (a cadre sent down) — unless they wrote them.
 */
function isHiddenFrom(actor: Actor, visit: FindingsFacts, isSensitive: boolean): boolean {
  return isSensitive && !isOwn(actor, visit) && !can(actor.role, 'sensitive.read');
}

/**
 * What leaves the server: the findings, or nothing with `isFindingsHidden` (the console says "(hidden)"). Shown in
 * clear, sensitive findings are a sensitive read, so every one is written to the audit log (`visit.read`, with the
 * purpose) before the answer goes out; a log that cannot write answers 503 and shows nothing.
 */
export async function presentFindings(
  db: Executor,
  actor: Actor,
  visits: FindingsFacts[],
): Promise<Map<string, { findings: string; isFindingsHidden: boolean }>> {
  const presented = new Map<string, { findings: string; isFindingsHidden: boolean }>();
  const sensitiveCodesOf = new Map<string, Set<string>>();
  for (const visit of visits) {
    let sensitiveCodes = sensitiveCodesOf.get(visit.countyId);
    if (!sensitiveCodes) {
      sensitiveCodes = await readSensitivePurposeCodes(db, visit.countyId);
      sensitiveCodesOf.set(visit.countyId, sensitiveCodes);
    }
    const isSensitive = visit.findings !== '' && sensitiveCodes.has(visit.purpose);
    const isHidden = isHiddenFrom(actor, visit, isSensitive);
    presented.set(visit.id, { findings: isHidden ? '' : visit.findings, isFindingsHidden: isHidden });
    if (isHidden || !isSensitive || isOwn(actor, visit)) continue;
    await recordAudit(db, actor, {
      action: 'visit.read',
      entityType: 'visit',
      entityId: visit.id,
      countyId: visit.countyId,
      regionCode: visit.regionCode,
      outcome: 'success',
      details: { purpose: visit.purpose, findings: true },
    });
  }
  return presented;
}
