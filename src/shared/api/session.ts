import { z } from 'zod';
import { capabilities, roles } from '../policy.js';
import { pendingSteps } from '../session.js';
import { accountSchema } from './accounts.js';
import { password } from './credentials.js';

/** The signed-in account as the console shows it: the account's identity and the code of its region. */
export const userSchema = accountSchema
  .pick({ id: true, username: true, displayName: true, role: true, regionId: true, regionName: true, unit: true })
  .extend({ regionCode: z.string().nullable() });
export type User = z.infer<typeof userSchema>;

/** The signed-in user, their scope, abilities and CSRF token, as the console keeps them. */
export const sessionSchema = z.object({
  user: userSchema,
  role: z.enum(roles),
  regionId: z.uuid().nullable(),
  abilities: z.array(z.enum(capabilities)),
  csrfToken: z.string(),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * What the console's first page needs to know of the session: whose region it opens, at which level (told by the
 * code), and what the user may do. No personal data: the console's page carries it, and the browser keeps it.
 */
export type FirstPageScope = { regionId: string | null; regionCode: string | null; abilities: Session['abilities'] };

/** A sign-in whose password was right but which needs a code, or enrolling a second factor, to finish. */
export const pendingSignInSchema = z.object({ pendingStep: z.enum(pendingSteps) });
export type PendingSignIn = z.infer<typeof pendingSignInSchema>;

export const signInResultSchema = z.union([sessionSchema, pendingSignInSchema]);

export const signInBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export type SignInInput = z.input<typeof signInBody>;

export const changeOwnPasswordBody = z.object({ currentPassword: password, newPassword: password });
export type OwnPasswordChange = z.input<typeof changeOwnPasswordBody>;

/** Public settings the console needs before sign-in. */
export const publicConfigSchema = z.object({
  basemapUrl: z.string().nullable(),
  basemapAttribution: z.string(),
  isDemo: z.boolean(),
  /** The installation's minimum password length, which the password forms check before sending. */
  passwordMinLength: z.number().int(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export const secondFactorStatusSchema = z.object({
  isEnrolled: z.boolean(),
  isRequired: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;

/** A new secret, shown once: as text and as the otpauth:// URI of the QR code. */
export const enrolmentSchema = z.object({ secret: z.string(), uri: z.string() });
export type Enrolment = z.infer<typeof enrolmentSchema>;

/** A code of the authenticator app (6 digits) or a recovery code (16 characters, perhaps with dashes). */
const code = z.string().trim().min(6).max(40);

export const confirmEnrolmentBody = z.object({ code });

/** Ten one-time recovery codes, shown this once. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

export const secondStepBody = z.object({ code, rememberDevice: z.boolean().default(false) });
export type SecondStepInput = z.input<typeof secondStepBody>;
