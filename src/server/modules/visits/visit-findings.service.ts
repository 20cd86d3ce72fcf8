import { can } from '../../../shared/policy.js';
import { sensitiveVisitPurposes } from '../../../shared/visits.js';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';

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

function isSensitive(visit: FindingsFacts): boolean {
  return visit.findings !== '' && sensitiveVisitPurposes.includes(visit.purpose);
}

/**
 * Whether the caller may not read a visit's findings: those of a sensitive purpose (a 低保 check describes a
 * household's income, an epidemic check its health) are hidden, as the registry's sensitive fields are, from a role
 * without `sensitive.read` (a cadre sent down) — unless they wrote them.
 */
export function isFindingsHiddenFrom(actor: Actor, visit: FindingsFacts): boolean {
  return isSensitive(visit) && !isOwn(actor, visit) && !can(actor.role, 'sensitive.read');
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
  for (const visit of visits) {
    const isHidden = isFindingsHiddenFrom(actor, visit);
    presented.set(visit.id, { findings: isHidden ? '' : visit.findings, isFindingsHidden: isHidden });
    if (isHidden || !isSensitive(visit) || isOwn(actor, visit)) continue;
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
