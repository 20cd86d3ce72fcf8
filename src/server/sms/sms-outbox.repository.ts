import { desc } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { smsOutbox } from '../db/schema/index.js';

export async function insertOutboxMessage(db: Executor, message: { id: string; phone: string; text: string }) {
  await db.insert(smsOutbox).values(message);
}

/** The newest messages first. */
export function listOutboxMessages(db: Executor, limit: number) {
  return db
    .select({ phone: smsOutbox.phone, text: smsOutbox.text, sentAt: smsOutbox.sentAt })
    .from(smsOutbox)
    .orderBy(desc(smsOutbox.sentAt), desc(smsOutbox.id))
    .limit(limit);
}
