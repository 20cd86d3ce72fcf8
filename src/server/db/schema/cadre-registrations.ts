import { foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CadreKind } from '../../../shared/api/cadres.js';
import type { RegistrationStatus } from '../../../shared/api/cadre-registrations.js';
import { accounts } from './accounts.js';
import { cadres } from './cadres.js';
import { regions } from './regions.js';
import { units } from './units.js';

/**
 * Invitations to self-registration (双报到): a community's link with a random token, valid until `expiresAt` or
 * revocation, optionally for one dispatching unit. The token is kept as it is, so the console can show the link and
 * its QR code again; it lets its holder only ask to be registered, which the community still approves.
 */
export const cadreInvitations = pgTable(
  'cadre_invitations',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    token: text('token').notNull(),
    serviceRegionId: uuid('service_region_id')
      .notNull()
      .references(() => regions.id),
    /** The community's code: scope is a prefix condition. */
    regionCode: text('region_code').notNull(),
    unitId: uuid('unit_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => accounts.id),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cadre_invitations_unit_fk',
      columns: [table.countyId, table.unitId],
      foreignColumns: [units.countyId, units.id],
    }),
    // The public page finds its invitation by the token alone: it knows no county.
    uniqueIndex('cadre_invitations_token').on(table.token),
    index('cadre_invitations_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/** A registration sent through an invitation, waiting for the community's approval or rejection. */
export const cadreRegistrations = pgTable(
  'cadre_registrations',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    invitationId: uuid('invitation_id').notNull(),
    kind: text('kind').$type<CadreKind>().notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    unitId: uuid('unit_id').notNull(),
    serviceRegionId: uuid('service_region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    homeRegionId: uuid('home_region_id').references(() => regions.id),
    status: text('status').$type<RegistrationStatus>().notNull().default('pending'),
    rejectReason: text('reject_reason'),
    /** The cadre the approval registered. */
    cadreId: uuid('cadre_id'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cadre_registrations_invitation_fk',
      columns: [table.countyId, table.invitationId],
      foreignColumns: [cadreInvitations.countyId, cadreInvitations.id],
    }),
    foreignKey({
      name: 'cadre_registrations_unit_fk',
      columns: [table.countyId, table.unitId],
      foreignColumns: [units.countyId, units.id],
    }),
    foreignKey({
      name: 'cadre_registrations_cadre_fk',
      columns: [table.countyId, table.cadreId],
      foreignColumns: [cadres.countyId, cadres.id],
    }),
    index('cadre_registrations_region_code').using(
      'btree',
      table.countyId,
      table.status,
      table.regionCode.op('text_pattern_ops'),
    ),
  ],
);
