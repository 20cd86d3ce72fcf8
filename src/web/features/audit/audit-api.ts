import { request, type Page } from '../../api/client';
import { useCursorList } from '../../api/pagination';

export const auditOutcomes = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export type AuditEntry = {
  id: string;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: AuditOutcome;
  address: string | null;
  details: unknown;
};

export function useAuditLog(outcome: AuditOutcome | undefined) {
  return useCursorList(['audit', outcome ?? 'all'], (cursor, signal) =>
    request<Page<AuditEntry>>('/audit', { query: { cursor, outcome }, signal }),
  );
}
