import type { AuditEntry, AuditQuery } from '../../../shared/api/audit';
import type { Page } from '../../../shared/api/common';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';

export function useAuditLog(filter: Pick<AuditQuery, 'outcome' | 'action'>) {
  return useCursorList(['audit', filter.outcome ?? 'all', filter.action ?? 'all'], (cursor, signal) =>
    request<Page<AuditEntry>>('/audit', { query: { cursor, ...filter }, signal }),
  );
}
