import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../../shared/policy.js';
import { regions } from './regions.js';
import { units } from './units.js';

/**
 * Sign-in accounts. `regionId` is the root of the account's scope; only the system administrator has none. A
 * dispatching unit's account (role `unit`) is anchored at its county and names its unit: it sees that unit's people.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** None for a resident (role `resident`), who signs in with a text-message code instead. */
    passwordHash: text('password_hash'),
    role: text('role').$type<Role>().notNull(),
    regionId: uuid('region_id').references(() => regions.id),
    isEnabled: boolean('is_enabled').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    /** The dispatching unit (派出单位) of a `unit` account, of the county it is anchored at; none for any other role. */
    unitId: uuid('unit_id'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // A unit of the account's own county: the anchor is the county, and units are keyed by county.
    foreignKey({ columns: [table.regionId, table.unitId], foreignColumns: [units.countyId, units.id] }),
    check('accounts_unit_role', sql`(${table.role} = 'unit') = (${table.unitId} is not null)`),
  ],
);

/** Server-side sessions; the cookie holds a random token and only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    /** Set while the password is proven but the second factor is not: the session may only finish signing in. */
    pendingStep: text('pending_step').$type<'second_factor' | 'enrolment'>(),
    address: text('address'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('sessions_account').on(table.accountId)],
);

/**
 * Failed sign-in counters, keyed by `account:<name>`, `device:<hash>` or `address:<ip>`. Keyed by the name
 * typed, not the account, so an unknown name is throttled exactly like a real one.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * Browsers that have signed in to an account before. A locked account stays open to them, so an attacker who
 * locks an account by guessing does not lock its owner out.
 */
export const trustedDevices = pgTable(
  'trusted_devices',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('trusted_devices_account').on(table.accountId)],
);
