import type { AuditAction, AuditEntityType } from '../../../shared/audit';
import { request, type Page } from '../../api/client';
import { useCursorList } from '../../api/pagination';

export const auditOutcomes = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export type AuditEntry = {
  id: string;
  at: string;
  actorUsername: string | null;
  action: AuditAction;
  entityType: AuditEntityType | null;
  entityId: string | null;
  outcome: AuditOutcome;
  address: string | null;
  details: unknown;
};

export function useAuditLog(filter: { outcome?: AuditOutcome | undefined; action?: AuditAction | undefined }) {
  return useCursorList(['audit', filter.outcome ?? 'all', filter.action ?? 'all'], (cursor, signal) =>
    request<Page<AuditEntry>>('/audit', { query: { cursor, ...filter }, signal }),
  );
}
