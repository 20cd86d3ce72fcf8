import QRCode from 'qrcode';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type {
  ApprovedRegistration,
  approveRegistrationBody,
  createInvitationBody,
  Invitation,
  InvitationList,
  PublicInvitation,
  Registration,
  RegistrationList,
  registrationQuery,
  rejectRegistrationBody,
  SubmittedRegistration,
  submitRegistrationBody,
} from '../../../shared/api/cadre-registrations.js';
import { maskPhone } from '../../../shared/phone.js';
import { can } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor, type RequestOrigin } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError, invalidField } from '../../errors.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { countFailures, findLockedKeys, limits, newToken } from '../session/session.service.js';
import { loadActiveUnit } from '../units/units.service.js';
import { createCadre, loadServiceCommunity } from './cadres.service.js';
import * as repository from './registrations.repository.js';

const dayMilliseconds = 24 * 60 * 60 * 1000;

/** The address a public link opens: `<base>/join/<token>`. */
function joinAddress(baseUrl: string, token: string): string {
  return `${baseUrl}/join/${token}`;
}

function statusOf(record: repository.InvitationRow['record'], now = new Date()): Invitation['status'] {
  if (record.revokedAt !== null) return 'revoked';
  return record.expiresAt <= now ? 'expired' : 'open';
}

function presentInvitation(row: repository.InvitationRow, baseUrl: string): Invitation {
  const { record } = row;
  return {
    id: record.id,
    token: record.token,
    url: joinAddress(baseUrl, record.token),
    serviceRegion: { id: record.serviceRegionId, name: row.serviceRegionName },
    unit: record.unitId === null ? null : { id: record.unitId, name: row.unitName ?? '—' },
    status: statusOf(record),
    expiresAt: record.expiresAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    pendingCount: row.pendingCount,
  };
}

function presentRegistration(actor: Actor, row: repository.RegistrationRow): Registration {
  const { record } = row;
  return {
    id: record.id,
    invitationId: record.invitationId,
    kind: record.kind,
    name: record.name,
    phone: can(actor.role, 'sensitive.read') ? record.phone : maskPhone(record.phone),
    unit: { id: record.unitId, name: row.unitName },
    serviceRegion: { id: record.serviceRegionId, name: row.serviceRegionName },
    homeRegion: record.homeRegionId === null ? null : { id: record.homeRegionId, name: row.homeRegionName ?? '—' },
    status: record.status,
    rejectReason: record.rejectReason,
    cadreId: record.cadreId,
    createdAt: record.createdAt.toISOString(),
    decidedAt: record.decidedAt?.toISOString() ?? null,
  };
}

function loadInvitation(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'cadre_invitation',
    id,
    code: 'cadre_invitation_not_found',
    find: () => repository.findInvitation(db, actor, id),
    existsAnywhere: () => repository.invitationExists(db, id),
  });
}

function loadRegistration(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'cadre_registration',
    id,
    code: 'cadre_registration_not_found',
    find: () => repository.findRegistration(db, actor, id),
    existsAnywhere: () => repository.registrationExists(db, id),
  });
}

// The community's invitations ---------------------------------------------------------------------------------------

/** A link (and QR code) for cadres to register themselves with the community, valid for `validDays`. */
export async function createInvitation(
  db: Database,
  actor: Actor,
  input: z.output<typeof createInvitationBody>,
  baseUrl: string,
): Promise<Invitation> {
  assertCan(actor, 'cadre.manage');
  const community = await loadServiceCommunity(db, actor, input.serviceRegionId, '/body/serviceRegionId');
  const unit = input.unitId === undefined ? undefined : await loadActiveUnit(db, actor, input.unitId);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertInvitation(transaction, {
      countyId: community.countyId,
      id,
      token: newToken(),
      serviceRegionId: community.id,
      regionCode: community.code,
      unitId: unit?.id ?? null,
      expiresAt: new Date(Date.now() + input.validDays * dayMilliseconds),
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'cadre_invitation.create',
        entityType: 'cadre_invitation',
        entityId: id,
        countyId: community.countyId,
        regionCode: community.code,
        outcome: 'success',
        details: { unitId: unit?.id ?? null, validDays: input.validDays },
      },
    };
  });
  return presentInvitation(await loadInvitation(db, actor, id), baseUrl);
}

export async function listInvitations(db: Database, actor: Actor, baseUrl: string): Promise<InvitationList> {
  assertCan(actor, 'cadre.manage');
  const rows = await repository.listInvitations(db, actor, actor.countyId);
  return { items: rows.map((row) => presentInvitation(row, baseUrl)) };
}

/** Revokes an invitation: its link takes no more registrations (those already sent still wait for a decision). */
export async function revokeInvitation(db: Database, actor: Actor, id: string, baseUrl: string): Promise<Invitation> {
  assertCan(actor, 'cadre.manage');
  const { record } = await loadInvitation(db, actor, id);
  if (record.revokedAt === null) {
    await inTransactionWithAudit(db, actor, async (transaction) => {
      await repository.revokeInvitation(transaction, record.countyId, id, accountIdOf(actor));
      return {
        audit: {
          action: 'cadre_invitation.revoke',
          entityType: 'cadre_invitation',
          entityId: id,
          countyId: record.countyId,
          regionCode: record.regionCode,
          outcome: 'success',
        },
      };
    });
  }
  return presentInvitation(await loadInvitation(db, actor, id), baseUrl);
}

// The public page -------------------------------------------------------------------------------------------------

/** The invitation a link names, if it still takes registrations: 404 unknown, 410 expired or revoked. */
async function loadOpenInvitation(db: Database, token: string) {
  const row = await repository.findInvitationByToken(db, token);
  if (!row) {
    throw new AppError('cadre_invitation_not_found', {
      en: 'This registration link is not valid. Ask the community for a new one.',
      zh: '报名链接无效，请向社区索取新的链接。',
    });
  }
  const status = statusOf(row.record);
  if (status === 'revoked') {
    throw new AppError('cadre_invitation_revoked', {
      en: `${row.serviceRegionName} has withdrawn this registration link. Ask the community for a new one.`,
      zh: `${row.serviceRegionName}已作废此报名链接，请向社区索取新的链接。`,
    });
  }
  if (status === 'expired') {
    throw new AppError('cadre_invitation_expired', {
      en: `This registration link of ${row.serviceRegionName} has expired. Ask the community for a new one.`,
      zh: `${row.serviceRegionName}的报名链接已过期，请向社区索取新的链接。`,
    });
  }
  return row;
}

/** What the public page shows and offers: the community, and the units and home communities to choose from. */
export async function readInvitation(db: Database, token: string): Promise<PublicInvitation> {
  const row = await loadOpenInvitation(db, token);
  const { record } = row;
  return {
    countyName: row.countyName,
    serviceRegionName: row.serviceRegionName,
    expiresAt: record.expiresAt.toISOString(),
    unit: record.unitId === null ? null : { id: record.unitId, name: row.unitName ?? '—' },
    units: record.unitId === null ? await repository.listActiveUnits(db, record.countyId) : [],
    communities: await repository.listCommunities(db, record.countyId),
  };
}

/**
 * A registration sent through a link, waiting for the community. Every one sent from an address counts against it
 * (20 in 15 minutes, as residents' codes: a village office may share one address), so nobody floods the list.
 */
export async function submitRegistration(
  db: Database,
  origin: RequestOrigin,
  token: string,
  input: z.output<typeof submitRegistrationBody>,
): Promise<SubmittedRegistration> {
  const addressKey = `cadre-registration-address:${origin.address ?? 'unknown'}`;
  if ((await findLockedKeys(db, [addressKey])).length > 0) {
    throw new AppError(
      'rate_limited',
      {
        en: 'Too many registrations from this network. Wait 15 minutes and try again.',
        zh: '当前网络提交的报名过多，请 15 分钟后再试。',
      },
      undefined,
      limits.residentAddress.lockMinutes * 60,
    );
  }
  await countFailures(db, [{ key: addressKey, limit: limits.residentAddress }]);
  const invitation = await loadOpenInvitation(db, token);
  const { record } = invitation;
  const unitId = record.unitId ?? input.unitId;
  const units = await repository.listActiveUnits(db, record.countyId);
  if (unitId === undefined || (record.unitId === null && !units.some((unit) => unit.id === unitId))) {
    throw invalidField('/body/unitId', 'Choose your unit from the list.', '请从列表中选择您的派出单位。');
  }
  const communities = await repository.listCommunities(db, record.countyId);
  if (input.homeRegionId !== undefined && !communities.some((community) => community.id === input.homeRegionId)) {
    throw invalidField(
      '/body/homeRegionId',
      'Choose where you live from the list.',
      '请从列表中选择您居住的社区（村）。',
    );
  }
  const id = uuidv7();
  await db.transaction(async (transaction) => {
    await repository.insertRegistration(transaction, {
      countyId: record.countyId,
      id,
      invitationId: record.id,
      kind: input.kind,
      name: input.name,
      phone: input.phone,
      unitId,
      serviceRegionId: record.serviceRegionId,
      regionCode: record.regionCode,
      homeRegionId: input.homeRegionId ?? null,
    });
    await recordAudit(transaction, origin, {
      action: 'cadre_registration.submit',
      entityType: 'cadre_registration',
      entityId: id,
      countyId: record.countyId,
      regionCode: record.regionCode,
      outcome: 'success',
      details: { invitationId: record.id, phone: maskPhone(input.phone) },
    });
  });
  return { id, status: 'pending', serviceRegionName: invitation.serviceRegionName };
}

// The community's review ------------------------------------------------------------------------------------------

export async function listRegistrations(
  db: Database,
  actor: Actor,
  query: z.output<typeof registrationQuery>,
): Promise<RegistrationList> {
  assertCan(actor, 'cadre.read');
  const rows = await repository.listRegistrations(db, actor, actor.countyId, query.status);
  return { items: rows.map((row) => presentRegistration(actor, row)) };
}

function alreadyDecided(name: string): AppError {
  return new AppError('cadre_registration_decided', {
    en: `${name}'s registration has been decided already.`,
    zh: `${name} 的报名已处理过。`,
  });
}

/** Approves a pending registration: the cadre is registered (createCadre's checks and audit) in the same step. */
export async function approveRegistration(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof approveRegistrationBody>,
): Promise<ApprovedRegistration> {
  assertCan(actor, 'cadre.manage');
  const { record } = await loadRegistration(db, actor, id);
  if (record.status !== 'pending') throw alreadyDecided(record.name);
  const cadre = await createCadre(
    db,
    actor,
    {
      kind: record.kind,
      name: record.name,
      phone: record.phone,
      unitId: record.unitId,
      serviceRegionId: record.serviceRegionId,
      homeRegionId: record.homeRegionId ?? undefined,
      gridId: input.gridId,
      duties: input.duties,
    },
    async (transaction, cadreId) => {
      const decision = { status: 'approved' as const, cadreId, decidedBy: accountIdOf(actor) };
      if (!(await repository.decideRegistration(transaction, record.countyId, id, decision))) {
        throw alreadyDecided(record.name);
      }
      return {
        action: 'cadre_registration.approve',
        entityType: 'cadre_registration',
        entityId: id,
        countyId: record.countyId,
        regionCode: record.regionCode,
        outcome: 'success',
        details: { cadreId },
      };
    },
  );
  return { registration: presentRegistration(actor, await loadRegistration(db, actor, id)), cadre };
}

export async function rejectRegistration(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof rejectRegistrationBody>,
): Promise<Registration> {
  assertCan(actor, 'cadre.manage');
  const { record } = await loadRegistration(db, actor, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const decision = { status: 'rejected' as const, rejectReason: input.reason, decidedBy: accountIdOf(actor) };
    if (!(await repository.decideRegistration(transaction, record.countyId, id, decision))) {
      throw alreadyDecided(record.name);
    }
    return {
      audit: {
        action: 'cadre_registration.reject',
        entityType: 'cadre_registration',
        entityId: id,
        countyId: record.countyId,
        regionCode: record.regionCode,
        outcome: 'success',
        details: { reason: input.reason },
      },
    };
  });
  return presentRegistration(actor, await loadRegistration(db, actor, id));
}

/** The invitation's QR code (SVG), opening its link: shown in the console and printed for the community's board. */
export async function drawInvitationCode(db: Database, actor: Actor, id: string, baseUrl: string): Promise<string> {
  assertCan(actor, 'cadre.manage');
  const { record } = await loadInvitation(db, actor, id);
  return QRCode.toString(joinAddress(baseUrl, record.token), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
