import type { VisibleEntityType } from '../../../shared/audit.js';
import type { Database, Executor, Transaction } from '../../db/client.js';
import type { Actor, RequestOrigin } from '../../auth/actor.js';
import { assertCan } from '../../auth/actor.js';
import { AppError, type ErrorCode } from '../../errors.js';
import { toPage } from '../../http.js';
import { insertAuditEntry, listAuditEntries, type AuditEntry } from './audit.repository.js';

export type Recorded = Omit<AuditEntry, 'actorId' | 'actorUsername' | 'address' | 'userAgent'>;

/** SQLSTATE classes of a lost or refused connection: the database is away, which its own error says better. */
const connectionErrorClasses = ['08', '57'];

function sqlStateOf(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const state = cause?.code ?? code;
  return typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state) ? state : undefined;
}

/**
 * Records what an actor (or an anonymous request) did; the log is append-only. A system actor (the sweep, the
 * command line) is written by its name, with no account id. A refused entry answers `503 audit_unavailable`, and in
 * a transaction takes the change down with it.
 */
export async function recordAudit(db: Executor, who: Actor | RequestOrigin, entry: Recorded): Promise<void> {
  const actor = 'id' in who ? who : undefined;
  const system = actor?.system;
  const details = system?.details === undefined ? entry.details : { ...system.details, ...entry.details };
  try {
    await insertAuditEntry(db, {
      countyId: actor?.countyId,
      regionCode: actor?.regionCode,
      ...entry,
      ...(details === undefined ? {} : { details }),
      actorId: system === undefined ? actor?.id : undefined,
      actorUsername: system?.username ?? actor?.username,
      address: who.address,
      userAgent: who.userAgent,
    });
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === undefined || connectionErrorClasses.includes(state.slice(0, 2))) throw error;
    throw new AppError('audit_unavailable', {
      en: 'Nothing was changed: the audit log could not record it. Try again later, or tell the administrator.',
      zh: '未做任何修改：审计日志无法记录此操作。请稍后再试，或告知管理员。',
    });
  }
}

/** What a change answers (nothing needs no `result`), and the audit entry (or entries) that record it. */
export type Audited<Result> = { audit: Recorded | Recorded[] } & (undefined extends Result
  ? { result?: Result }
  : { result: Result });

/**
 * The one way to change data: runs `work` and writes the audit entries it returns in the same transaction, so a
 * change whose entry cannot be written is undone with it, and a change without an entry does not type-check.
 */
export function inTransactionWithAudit<Result>(
  db: Database | Transaction,
  actor: Actor,
  work: (transaction: Transaction) => Promise<Audited<Result>>,
): Promise<Result> {
  return db.transaction(async (transaction) => {
    const change = await work(transaction);
    for (const entry of [change.audit].flat()) await recordAudit(transaction, actor, entry);
    return change.result as Result;
  });
}

/**
 * Loads a record through a query scoped to the actor. What that query does not find answers the same 404 whether
 * it is missing or outside the actor's subtree; the second case is written to the audit log.
 */
export async function loadVisible<Row>(
  db: Executor,
  actor: Actor,
  entity: {
    type: VisibleEntityType;
    id: string;
    code: ErrorCode;
    find: () => Promise<Row | undefined>;
    existsAnywhere: () => Promise<boolean>;
  },
): Promise<Row> {
  const row = await entity.find();
  if (row !== undefined) return row;
  if (await entity.existsAnywhere()) {
    await recordAudit(db, actor, {
      action: `${entity.type}.read`,
      entityType: entity.type,
      entityId: entity.id,
      outcome: 'denied',
    });
  }
  throw new AppError(entity.code, {
    en: `No ${entity.type.replace('_', ' ')} with id ${entity.id}.`,
    zh: `没有编号为 ${entity.id} 的记录。`,
  });
}

export async function listAudit(
  db: Database,
  actor: Actor,
  filter: {
    action?: AuditEntry['action'];
    actorId?: string;
    entityId?: string;
    outcome?: AuditEntry['outcome'];
    cursor?: string;
    limit: number;
  },
) {
  assertCan(actor, 'audit.read');
  const rows = await listAuditEntries(db, actor, { ...filter, before: filter.cursor }, filter.limit + 1);
  const page = toPage(rows, filter.limit, (row) => row.id);
  return { items: page.items.map((row) => ({ ...row, at: row.at.toISOString() })), nextCursor: page.nextCursor };
}
