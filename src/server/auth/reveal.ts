import type { LocalizedText } from '../../shared/language.js';
import { AppError } from '../errors.js';
import { assertCan, type Actor } from './actor.js';

/** A request to see masked values in full (`reveal=true`) and the reason given for it. */
export type RevealRequest = { isAsked: boolean; reason?: string | undefined };

/**
 * Seeing a masked value in full takes `sensitive.read` and a reason, which the audit entry keeps: one rule for a
 * resident, a grid worker's phone and an export. Without a reason: 400 naming the `reason` field.
 */
export function assertMayReveal(actor: Actor, reveal: RevealRequest, message: LocalizedText): void {
  if (!reveal.isAsked) return;
  assertCan(actor, 'sensitive.read');
  if (!reveal.reason) {
    throw new AppError('validation_failed', message, [{ path: '/querystring/reason', message: message.en }]);
  }
}
