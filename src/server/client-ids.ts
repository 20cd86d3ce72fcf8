import { accountIdOf, type Actor } from './auth/actor.js';
import { AppError } from './errors.js';

/**
 * One rule for records whose id the client makes (the field app's offline queue sends a record again whenever an
 * answer was lost): the first send records it; the same id again from the same account answers the record already
 * made and writes nothing; the id used by anyone else answers 409 `client_id_taken`, saying nothing of that record.
 * Visits, reports, inspections, disputes, their sessions and talk points all answer by it.
 */

/** Thrown inside a record's transaction when its insert found the id taken, so that nothing else is written. */
class ClientIdTakenMeanwhile extends Error {
  constructor() {
    super('A record of this id exists already.');
  }
}

/** Inside the transaction, after the insert of a client's id: nothing inserted means two sends at once, roll back. */
export function assertInsertedOnce(isInserted: boolean): void {
  if (!isInserted) throw new ClientIdTakenMeanwhile();
}

export function clientIdTaken(): AppError {
  return new AppError('client_id_taken', {
    en: 'This id belongs to another record: send it again with a new id.',
    zh: '此编号已被其他记录使用，请用新的编号重新提交。',
  });
}

export type ClientIdSteps<Result> = {
  /** Who made the record of this id, in any county (null: the system); undefined when there is none. */
  findCreator: () => Promise<{ createdBy: string | null } | undefined>;
  /** The record as its creator reads it back; undefined when it no longer answers to this request (also 409). */
  read: () => Promise<Result | undefined>;
  /** Checks and writes the record, calling `assertInsertedOnce` with its insert's answer inside the transaction. */
  write: () => Promise<Result>;
};

/** Records once per client id (none given: always a new record); `isNew` false when the id had been recorded. */
export async function recordOnce<Result>(
  actor: Actor,
  id: string | undefined,
  steps: ClientIdSteps<Result>,
): Promise<{ result: Result; isNew: boolean }> {
  if (id !== undefined) {
    const sent = await readSent(actor, steps);
    if (sent !== undefined) return { result: sent, isNew: false };
  }
  try {
    return { result: await steps.write(), isNew: true };
  } catch (error) {
    if (!(error instanceof ClientIdTakenMeanwhile)) throw error;
    const sent = await readSent(actor, steps);
    if (sent === undefined) throw clientIdTaken();
    return { result: sent, isNew: false };
  }
}

async function readSent<Result>(actor: Actor, steps: ClientIdSteps<Result>): Promise<Result | undefined> {
  const creator = await steps.findCreator();
  if (!creator) return undefined;
  const sent = creator.createdBy !== null && creator.createdBy === accountIdOf(actor) ? await steps.read() : undefined;
  if (sent === undefined) throw clientIdTaken();
  return sent;
}
