import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Config } from '../config.js';

/** What the authenticator app shows above the code, next to the username. */
const issuer = '网格通';
/** RFC 6238 as every authenticator app reads it: 30-second steps, 6 digits, SHA-1; one step either side for drift. */
const period = 30;
const recoveryCodeCount = 10;
// 16 characters of a 31-letter alphabet without look-alikes: 79 bits each, so a plain SHA-256 is safe to store.
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
const recoveryCodeLength = 16;

/** A new base32 secret (160 bits) and the otpauth:// URI an authenticator app reads from the QR code. */
export function newTotpSecret(username: string) {
  const secret = generateSecret();
  return { secret, uri: generateURI({ issuer, label: username, secret }) };
}

/**
 * The time step of `code` if it is valid now (±1 step) and later than `afterTimeStep`, the step last accepted:
 * a code already used, or an older one, is refused, so a code seen over a shoulder cannot be replayed.
 */
export async function verifyTotp(secret: string, code: string, afterTimeStep: number): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({ secret, token: code, period, epochTolerance: period, afterTimeStep });
  // The functional API types HOTP and TOTP results together; only a TOTP result carries its time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Ten one-time recovery codes, as the user sees them (`abcd-efgh-jkmn-pqrs`). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const characters = Array.from(
      { length: recoveryCodeLength },
      () => recoveryAlphabet[randomInt(recoveryAlphabet.length)],
    ).join('');
    return characters.match(/.{4}/g)!.join('-');
  });
}

/** What is stored of a recovery code; spaces, dashes and case do not matter when the user types it back. */
export function hashRecoveryCode(code: string): string {
  const normalised = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalised).digest('base64url');
}

/** Whether the user typed a recovery code rather than a TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return code.replace(/[\s-]/g, '').length === recoveryCodeLength;
}

const keys = new WeakMap<Config, Buffer>();

/**
 * The key that encrypts TOTP secrets, kept apart from the database so a copy of the database alone does not give
 * them away: SECOND_FACTOR_KEY, or a random key written once to DATA_DIR/second-factor.key (readable by its owner).
 */
function keyOf(config: Config): Buffer {
  const known = keys.get(config);
  if (known) return known;
  let material = config.secondFactorKey;
  if (material === undefined) {
    const file = path.join(config.dataDir, 'second-factor.key');
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    material = fs.readFileSync(file, 'utf8').trim();
  }
  const key = createHash('sha256').update(material).digest();
  keys.set(config, key);
  return key;
}

/** AES-256-GCM: `iv.tag.ciphertext`, base64url. */
export function encryptSecret(config: Config, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(config), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

/** The secret back; a key that does not open it is the operator's to fix, so the log says how. */
export function decryptSecret(config: Config, stored: string): string {
  const [iv, tag, ciphertext] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(config), iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'A stored TOTP secret does not open with this installation’s key (SECOND_FACTOR_KEY or ' +
        'DATA_DIR/second-factor.key): restore that key, or reset the account with gridlink reset-second-factor.',
    );
  }
}
