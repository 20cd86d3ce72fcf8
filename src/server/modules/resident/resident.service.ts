import { randomInt } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type {
  ResidentCategories,
  ResidentCodeSent,
  ResidentGridCard,
  ResidentGrids,
  ResidentMe,
  ResidentMoralBank,
  ResidentWish,
  ResidentWishDrives,
  ResidentWishes,
  residentCodeBody,
  residentGridsQuery,
  residentSessionBody,
  residentWishBody,
} from '../../../shared/api/resident.js';
import type { ownAcknowledgementBody } from '../../../shared/api/wishes.js';
import type { Session } from '../../../shared/api/session.js';
import { maskPhone } from '../../../shared/phone.js';
import { assertCan, type Actor, type RequestOrigin } from '../../auth/actor.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { SmsProvider } from '../../sms/sms-message.js';
import type { FileStore } from '../../storage/file-store.js';
import { recordAudit } from '../audit/audit.service.js';
import { caseActorOf } from '../cases/cases.service.js';
import { readOwnAccount } from '../moral-bank/moral-bank.service.js';
import { findRegionsAt, regionExists } from '../regions/regions.service.js';
import {
  countFailures,
  findLockedKeys,
  hashToken,
  limits,
  openSession,
  presentSession,
  resolveSession,
} from '../session/session.service.js';
import {
  acknowledgeOwnWish,
  getOwnPhoto,
  listOwnDrives,
  listOwnWishes,
  registerOwnWish,
} from '../wishes/wishes.service.js';
import { describeGrids } from './resident-poster.service.js';
import * as repository from './resident.repository.js';

/** How long a sign-in code works. */
export const codeMinutes = 5;

/** The throttle's keys of a phone and an address: codes asked for and wrong codes typed count against both. */
function throttleKeysOf(phone: string, origin: RequestOrigin) {
  return { phone: `resident-phone:${phone}`, address: `resident-address:${origin.address ?? 'unknown'}` };
}

function hashCode(phone: string, code: string): string {
  return hashToken(`${phone}:${code}`);
}

const lockedError = () =>
  new AppError('login_locked', {
    en: 'Too many codes for this phone or from this network. Wait 15 minutes and try again.',
    zh: '该手机号或当前网络的验证码请求过多，请 15 分钟后再试。',
  });

/**
 * Sends a new 6-digit code to the phone, in place of any earlier one. At most 5 codes a phone and 20 an address in
 * 15 minutes, whether the number is a registry resident's or not, so the answer tells nobody who lives here.
 */
export async function sendCode(
  db: Database,
  sms: SmsProvider,
  origin: RequestOrigin,
  input: z.output<typeof residentCodeBody>,
): Promise<ResidentCodeSent> {
  const { phone } = input;
  const keys = throttleKeysOf(phone, origin);
  const details = { phone: maskPhone(phone) };
  if ((await findLockedKeys(db, Object.values(keys))).length > 0) {
    await recordAudit(db, origin, { action: 'resident_code.send', outcome: 'denied', details });
    throw lockedError();
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction(async (transaction) => {
    await countFailures(transaction, [
      { key: keys.phone, limit: limits.residentPhone },
      { key: keys.address, limit: limits.residentAddress },
    ]);
    await repository.replaceCode(transaction, phone, hashCode(phone, code), codeMinutes);
    await recordAudit(transaction, origin, { action: 'resident_code.send', outcome: 'success', details });
  });
  await sms.send({
    phone,
    template: 'sign_in_code',
    text: `【网格通】您的登录验证码是 ${code}，${codeMinutes} 分钟内有效，仅可使用一次。请勿告诉他人。`,
    parameters: { code },
  });
  return { expiresInSeconds: codeMinutes * 60 };
}

/**
 * Spends the phone's code: right, unexpired and unused, once. A wrong code counts against the phone and the
 * address, and a locked phone takes no code at all, so 6 digits cannot be guessed in the code's 5 minutes.
 */
export async function spendCode(db: Database, origin: RequestOrigin, phone: string, code: string): Promise<void> {
  const keys = throttleKeysOf(phone, origin);
  if ((await findLockedKeys(db, Object.values(keys))).length > 0) throw lockedError();
  if (await repository.spendCode(db, phone, hashCode(phone, code))) return;
  await countFailures(db, [
    { key: keys.phone, limit: limits.residentPhone },
    { key: keys.address, limit: limits.residentAddress },
  ]);
  throw new AppError('invalid_credentials', {
    en: 'The code is wrong, has expired or was used already. Ask for a new one.',
    zh: '验证码错误、已过期或已使用，请重新获取。',
  });
}

/** A resident's account name: staff names take no colon, so it is never one of theirs. */
function usernameOf(phone: string): string {
  return `resident:${phone}`;
}

/**
 * Signs a resident in with their phone's code, with the same session cookie and CSRF token as staff. The first
 * sign-in makes their account; each one links it to the registry person with this phone (their household's grid),
 * or leaves them a guest without a grid when the registry has none.
 */
export async function signIn(
  db: Database,
  config: Config,
  origin: RequestOrigin,
  input: z.output<typeof residentSessionBody>,
): Promise<{ token: string; session: Session }> {
  const { phone } = input;
  await spendCode(db, origin, phone, input.code);
  const username = usernameOf(phone);
  const existing = await repository.findAccountByUsername(db, username);
  if (existing && !existing.isEnabled) {
    await recordAudit(db, origin, {
      action: 'session.sign_in',
      entityType: 'account',
      entityId: existing.id,
      outcome: 'denied',
      details: { phone: maskPhone(phone), reason: 'disabled' },
    });
    throw new AppError('account_disabled', {
      en: 'This account is disabled. Ask your village or community office.',
      zh: '此账号已停用，请联系所在村（社区）。',
    });
  }
  const person = await repository.findPersonByPhone(db, phone);
  const token = await db.transaction(async (transaction) => {
    const accountId = await repository.saveResidentAccount(
      transaction,
      {
        id: existing?.id ?? uuidv7(),
        username,
        displayName: person?.name ?? maskPhone(phone),
        regionId: person?.regionId ?? null,
      },
      { phone, countyId: person?.countyId ?? null, personId: person?.personId ?? null },
    );
    const opened = await openSession(transaction, config, accountId, origin);
    await recordAudit(transaction, origin, {
      action: 'session.sign_in',
      entityType: 'account',
      entityId: accountId,
      countyId: person?.countyId,
      outcome: 'success',
      details: {
        phone: maskPhone(phone),
        isNewAccount: existing === undefined,
        isRegistryPerson: person !== undefined,
      },
    });
    return opened.token;
  });
  // The session as every later request will see it, read back the way they read it.
  const resolved = (await resolveSession(db, config, token, origin))!;
  return { token, session: await presentSession(db, resolved.actor, resolved.csrfToken) };
}

/** The signed-in resident's own facts; staff have no such page (403). */
export async function readMe(db: Database, actor: Actor): Promise<ResidentMe> {
  assertCan(actor, 'case.follow_own');
  const profile = (await repository.findProfile(db, actor.id))!;
  const [grid] = profile.regionId ? await repository.findGridsByIds(db, [profile.regionId]) : [];
  return {
    displayName: profile.displayName,
    phone: '*'.repeat(profile.phone.length - 4) + profile.phone.slice(-4),
    person:
      profile.personName === null ? null : { name: profile.personName, householdAddress: profile.householdAddress },
    grid: grid ?? null,
    smsNotices: profile.smsNotices,
  };
}

/** The signed-in resident's own moral-bank account; a guest, whom the registry does not know, has none yet. */
export async function readMoralBank(db: Database, actor: Actor): Promise<ResidentMoralBank> {
  assertCan(actor, 'case.follow_own');
  const { countyId, personId } = (await repository.findProfile(db, actor.id))!;
  if (countyId === null || personId === null) {
    throw new AppError('account_not_found', {
      en: 'You have no moral-bank account yet: it appears once your village registers you with this phone.',
      zh: '您还没有道德银行账户：村（社区）用此手机号为您登记后即可查看积分。',
    });
  }
  return readOwnAccount(db, countyId, personId);
}

/**
 * The registry person whose wishes the signed-in resident makes and follows. A guest, whom the registry does not
 * know, makes none: a wish goes to their village, which must know who they are.
 */
async function wishOwnerOf(db: Database, actor: Actor) {
  assertCan(actor, 'case.follow_own');
  const { countyId, personId } = (await repository.findProfile(db, actor.id))!;
  if (countyId === null || personId === null) {
    throw new AppError('forbidden', {
      en: 'Your village has not registered you with this phone yet: ask them to, then make your wishes here.',
      zh: '村（社区）尚未用此手机号为您登记，请先联系村（社区）登记，之后即可在这里许下心愿。',
    });
  }
  return { countyId, personId };
}

export async function listWishes(db: Database, actor: Actor): Promise<ResidentWishes> {
  return listOwnWishes(db, await wishOwnerOf(db, actor));
}

export async function listWishDrives(db: Database, actor: Actor): Promise<ResidentWishDrives> {
  return listOwnDrives(db, await wishOwnerOf(db, actor));
}

export async function makeWish(
  db: Database,
  actor: Actor,
  input: z.output<typeof residentWishBody>,
): Promise<{ wish: ResidentWish; isNew: boolean }> {
  return registerOwnWish(db, actor, await wishOwnerOf(db, actor), input);
}

export async function acknowledgeWish(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof ownAcknowledgementBody>,
): Promise<ResidentWish> {
  return acknowledgeOwnWish(db, actor, await wishOwnerOf(db, actor), id, input);
}

export async function readWishPhoto(db: Database, files: FileStore, actor: Actor, id: string) {
  return getOwnPhoto(db, files, actor, await wishOwnerOf(db, actor), id);
}

/**
 * Grids a resident may report in: by part of their or their village's name (anywhere: a problem lies where they
 * found it), or the one at their phone's location. Public names only.
 */
export async function findGrids(
  db: Database,
  actor: Actor,
  query: z.output<typeof residentGridsQuery>,
): Promise<ResidentGrids> {
  assertCan(actor, 'case.follow_own');
  if (query.q !== undefined) return { items: await repository.searchGrids(db, query.q, 20) };
  const { region } = await findRegionsAt(db, caseActorOf(actor), query.lng!, query.lat!);
  return { items: region ? await repository.findGridsByIds(db, [region.id]) : [] };
}

/** What a resident may report in a county: its catalogue's active items, names only. */
export async function listCategories(db: Database, actor: Actor, countyId: string): Promise<ResidentCategories> {
  assertCan(actor, 'case.follow_own');
  const rows = await repository.listActiveCategories(db, countyId);
  if (rows.length === 0 && !(await regionExists(db, countyId))) {
    throw new AppError('region_not_found', { en: 'No such county.', zh: '没有这个县。' });
  }
  return { items: rows.map((row) => ({ code: row.code, name: { zh: row.nameZh, en: row.nameEn } })) };
}

/**
 * A grid's 亮身份 card (the resident's own grid unless they name another): its people's names by position and the
 * published service phone, what its QR poster prints for everyone to see; never a personal phone.
 */
export async function readGridCard(db: Database, actor: Actor, gridId: string | undefined): Promise<ResidentGridCard> {
  assertCan(actor, 'case.follow_own');
  const id = gridId ?? actor.regionId;
  const [grid] = id ? await repository.findGridsByIds(db, [id]) : [];
  if (!grid) {
    throw new AppError('region_not_found', {
      en: 'No such grid. Choose your grid when you report, or scan your grid’s QR poster.',
      zh: '没有找到网格。请在反映问题时选择网格，或扫描网格二维码海报。',
    });
  }
  const [card] = await describeGrids(db, grid.countyId, [grid], '');
  return { grid, fullName: card!.fullName, people: card!.people, servicePhone: card!.servicePhone ?? null };
}
