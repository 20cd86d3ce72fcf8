import type { SystemActorName } from '../../shared/audit.js';
import { abilitiesOf, can, type Capability, type Role } from '../../shared/policy.js';
import { AppError } from '../errors.js';

/** Who is asking and from where; every service call takes it first. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Root of the actor's scope; undefined for the system administrator, who sees everything. */
  regionId: string | undefined;
  /** Code of the scope root: every region in scope has a code starting with it. */
  regionCode: string | undefined;
  /** Name of the scope root, when the session's lookup read it with the account (GET /session shows it). */
  regionName?: string | undefined;
  countyId: string | undefined;
  /** The dispatching unit of a `unit` account: everything it reads is that unit's (withinUnit in scope.ts). */
  unitId?: string | undefined;
  address: string | undefined;
  userAgent: string | undefined;
  /** Set for background work acting by itself: it has no account, and the audit log names it instead. */
  system?: SystemIdentity;
};

/** How the audit log names a system actor (`system:sweep`), with what else it knows (the OS user at a CLI). */
export type SystemIdentity = { username: `system:${SystemActorName}`; details?: Record<string, unknown> };

/**
 * Background work as an actor: full rights within `scope` (everything without one), and no account. Its `id` is the
 * nil UUID only so that scope checks have something to compare; nothing stores it: the audit log writes no account
 * id and the name `system:<name>`.
 */
export function systemActor(
  name: SystemActorName,
  options: {
    scope?: { regionId: string; regionCode: string; countyId: string };
    details?: Record<string, unknown>;
  } = {},
): Actor {
  const username = `system:${name}` as const;
  return {
    id: '00000000-0000-0000-0000-000000000000',
    username,
    displayName: username,
    role: 'admin',
    regionId: options.scope?.regionId,
    regionCode: options.scope?.regionCode,
    countyId: options.scope?.countyId,
    address: undefined,
    userAgent: undefined,
    system: { username, ...(options.details === undefined ? {} : { details: options.details }) },
  };
}

/** The account behind an actor, for records that name one (who imported, who added a photo); none for the system. */
export function accountIdOf(actor: Actor): string | null {
  return actor.system === undefined ? actor.id : null;
}

/** Where a request came from, for the audit log, before anyone has signed in. */
export type RequestOrigin = Pick<Actor, 'address' | 'userAgent'>;

export function assertCan(actor: Actor, capability: Capability): void {
  if (!can(actor.role, capability)) {
    throw new AppError(
      'forbidden',
      { en: `Your role may not do this (${capability}).`, zh: `您的角色无权执行此操作（${capability}）。` },
      { capability },
    );
  }
}

export function abilities(actor: Actor): Capability[] {
  return abilitiesOf(actor.role);
}
