import { serviceBoundRoles } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { isServiceEnded } from '../cadres/cadres.service.js';

/**
 * Registering and correcting persons and households: `registry.collect`, and for a role whose rights come from a
 * service registration (a cadre sent down) not once that service has ended; the account outlives it to read.
 */
export async function assertMayCollect(db: Executor, actor: Actor): Promise<void> {
  assertCan(actor, 'registry.collect');
  if (!serviceBoundRoles.includes(actor.role) || !(await isServiceEnded(db, actor))) return;
  throw new AppError('cadre_service_ended', {
    en: 'Your service as a cadre has ended: you may read the registry but no longer register or change anyone.',
    zh: '您的下沉服务已结束，可以查看居民信息，但不能再登记或修改。',
  });
}

/**
 * A free text (notes) sent back by a caller who reads it starred: the same starred text is no change; another one
 * would replace numbers and dates the caller never saw, so it is refused rather than stored with the stars.
 */
export function checkStarredText(
  sent: string | undefined,
  stored: string,
  shown: string,
  field: string,
): string | undefined {
  if (sent === undefined || sent === stored) return sent;
  if (shown === stored) return sent;
  if (sent === shown) return undefined;
  throw new AppError(
    'validation_failed',
    {
      en: 'The notes hold numbers or dates you see starred: ask a grid member to change them, so none is lost.',
      zh: '备注中有您看不到的号码或日期（显示为*），不能修改，请由网格员修改，以免丢失。',
    },
    [{ path: `/body/${field}`, message: 'The notes hold numbers or dates you see starred.' }],
  );
}
