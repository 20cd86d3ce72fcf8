import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { ResidentNotices } from '../../../shared/api/resident.js';
import { maskPhone } from '../../../shared/phone.js';
import type { ResidentNoticeKind } from '../../../shared/resident-notices.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { requireActor } from '../../auth/authenticate.js';
import type { Config } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import { publicBaseUrlOf } from '../../http.js';
import type { SmsMessage, SmsProvider } from '../../sms/sms-message.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repository from './resident-notices.repository.js';

/** A change to a resident's case or wish that they are told of. */
type NoticeEvent = {
  kind: ResidentNoticeKind;
  countyId: string;
  /** The case or the wish, and its version before the change: together the event, told once. */
  subjectId: string;
  version: number;
  /** What the message names (a case's number); never personal data. */
  params: Record<string, string>;
};

/**
 * Writes, in the transaction of the change, the notices of the residents it concerns: a case's reporter when they
 * are a resident, or the resident accounts a wish's registry person signed in with. Staff are not told here (they
 * have the bell). The text message waits until the change commits (`sendResidentNotices`), unless the resident
 * turned text messages off. The same event written again (a retried change) adds nothing.
 */
export async function queueResidentNotices(
  db: Executor,
  event: NoticeEvent,
  who: { accountIds: string[] } | { countyId: string; personId: string },
) {
  if ('accountIds' in who && who.accountIds.length === 0) return;
  const recipients = await repository.findRecipients(db, who);
  await repository.insertNotices(
    db,
    recipients.map((recipient) => ({
      id: uuidv7(),
      accountId: recipient.accountId,
      countyId: event.countyId,
      kind: event.kind,
      subjectId: event.subjectId,
      params: event.params,
      eventKey: `${event.kind}:${event.subjectId}:${event.version}`,
      smsStatus: recipient.smsNotices ? 'pending' : 'off',
    })),
  );
}

/** The resident page's part that shows a notice's record. */
const pageOf: Record<ResidentNoticeKind, string> = {
  case_handled: 'cases',
  case_closed: 'cases',
  wish_claimed: 'wishes',
  wish_fulfilled: 'wishes',
};

/**
 * The text of a notice's message and its template's parameters, in the template's order: a case's number and the
 * link to the resident's page, nothing personal.
 */
export function noticeMessage(
  kind: ResidentNoticeKind,
  params: Record<string, string>,
  publicBaseUrl: string,
): Omit<SmsMessage, 'phone'> {
  const link = `${publicBaseUrl}/r/?tab=${pageOf[kind]}`;
  const number = params.number ?? '';
  const texts: Record<ResidentNoticeKind, string> = {
    case_handled: `【网格通】您反映的问题（编号 ${number}）已处理，请登录查看并评价：${link}`,
    case_closed: `【网格通】您反映的问题（编号 ${number}）已办结，请登录查看：${link}`,
    wish_claimed: `【网格通】您的微心愿已被认领，请登录查看：${link}`,
    wish_fulfilled: `【网格通】您的微心愿已实现，请登录确认：${link}`,
  };
  const parameters: Record<string, string> = kind.startsWith('case_') ? { number, link } : { link };
  return { template: kind, text: texts[kind], parameters };
}

/**
 * Texts the notices of a record that wait, once the change that wrote them has committed. Each is taken by one
 * sender only, so a notice is texted once however often this runs. A provider that fails never fails the change
 * that is already done: the failure is logged, kept on the notice and audited, and the resident still reads the
 * notice on their page.
 */
export async function sendResidentNotices(
  context: { db: Database; sms: SmsProvider; config: Pick<Config, 'publicBaseUrl'> },
  request: FastifyRequest,
  subjectId: string,
): Promise<void> {
  const { db, sms } = context;
  const { log } = request;
  const actor = requireActor(request);
  const publicBaseUrl = publicBaseUrlOf(context.config, request);
  try {
    for (const notice of await repository.takePendingNotices(db, subjectId)) {
      const reason = await sms
        .send({ phone: notice.phone, ...noticeMessage(notice.kind, notice.params, publicBaseUrl) })
        .then(() => null)
        .catch((error: unknown) => String((error as Error).cause ?? (error as Error).message));
      if (reason !== null) log.warn({ reason, noticeId: notice.id }, 'The SMS provider did not send a resident notice');
      await db.transaction(async (transaction) => {
        await repository.settleNotice(transaction, notice.id, {
          smsStatus: reason === null ? 'sent' : 'failed',
          smsError: reason,
        });
        await recordAudit(transaction, actor, {
          action: 'resident_notice.sms',
          entityType: 'resident_notice',
          entityId: notice.id,
          countyId: notice.countyId,
          outcome: reason === null ? 'success' : 'failure',
          details: { kind: notice.kind, phone: maskPhone(notice.phone), ...(reason === null ? {} : { reason }) },
        });
      });
    }
  } catch (error) {
    // The change is done whatever becomes of its messages; a notice left `sending` is the log's to explain.
    log.error({ err: error, subjectId }, 'Resident notices could not be sent');
  }
}

/** The signed-in resident's latest 50 notices, newest first: theirs alone. */
export async function listNotices(db: Database, actor: Actor): Promise<ResidentNotices> {
  assertCan(actor, 'case.follow_own');
  const rows = await repository.listNotices(db, actor.id, 50);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      subjectId: row.subjectId,
      number: row.params.number ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

/** Turns the resident's text messages about their cases and wishes on or off; the notices show on the page anyway. */
export async function saveSettings(db: Database, actor: Actor, input: { smsNotices: boolean }) {
  assertCan(actor, 'case.follow_own');
  await db.transaction(async (transaction) => {
    await repository.saveSmsSetting(transaction, actor.id, input.smsNotices);
    await recordAudit(transaction, actor, {
      action: 'account.update',
      entityType: 'account',
      entityId: actor.id,
      outcome: 'success',
      details: { smsNotices: input.smsNotices },
    });
  });
  return input;
}
