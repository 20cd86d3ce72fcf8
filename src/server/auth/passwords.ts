import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

/** scrypt is memory-hard (N·r·128 bytes = 32 MiB per hash) and ships with Node: no native dependency. */
const parameters = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 128 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Returns `scrypt$N$r$p$salt$hash` (base64url), self-describing so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, parameters);
  return [
    'scrypt',
    parameters.N,
    parameters.r,
    parameters.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Hashed once at start; checked against when the user is unknown, so both answers take the same time. */
export const unknownUserHash = hashPassword(randomBytes(16).toString('hex'));

/** The common-password list zxcvbn ships (about 49,000 passwords from breaches), lower case. */
const commonPasswords = new Set(dictionary['passwords-common']);

/**
 * Refuses a password a guesser would try early, with `password_too_short` or `password_too_common` (ASVS 5.0,
 * NIST 800-63B): shorter than the installation's minimum, on the common-password list in any case, containing
 * the username, or made of a few characters repeated. No composition rules: a long phrase is what we want.
 */
export function assertPasswordAcceptable(password: string, username: string, minLength: number): void {
  if ([...password].length < minLength) {
    throw new AppError(
      'password_too_short',
      { en: `The password must have at least ${minLength} characters.`, zh: `密码至少需要 ${minLength} 个字符。` },
      {
        minLength,
      },
    );
  }
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) {
    throw new AppError('password_too_common', {
      en: 'The password is on the list of common passwords; choose another.',
      zh: '该密码属于常见密码，请换一个。',
    });
  }
  if (lowered.includes(username.toLowerCase())) {
    throw new AppError('password_too_common', {
      en: 'The password must not contain the username.',
      zh: '密码不能包含用户名。',
    });
  }
  if (new Set(password).size < 5) {
    throw new AppError('password_too_common', {
      en: 'The password repeats too few different characters.',
      zh: '密码中不同的字符太少。',
    });
  }
}
