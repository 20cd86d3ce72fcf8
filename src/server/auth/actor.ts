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
  countyId: string | undefined;
  address: string | undefined;
  userAgent: string | undefined;
};

/** Where a request came from, for the audit log, before anyone has signed in. */
export type RequestOrigin = Pick<Actor, 'address' | 'userAgent'>;

export function assertCan(actor: Actor, capability: Capability): void {
  if (!can(actor.role, capability)) {
    throw new AppError('forbidden', `Your role may not do this (${capability}).`, { capability });
  }
}

export function abilities(actor: Actor): Capability[] {
  return abilitiesOf(actor.role);
}
