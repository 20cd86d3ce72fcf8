import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';

describe('hashPassword and verifyPassword', () => {
  it('stores a self-describing scrypt hash that verifies the right password only', async () => {
    const stored = await hashPassword('Correct-Horse-Battery-9');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain('Correct-Horse');
    expect(await verifyPassword('Correct-Horse-Battery-9', stored)).toBe(true);
    expect(await verifyPassword('Correct-Horse-Battery-8', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords do not look equal', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same-password-twice'),
      hashPassword('same-password-twice'),
    ]);
    expect(first).not.toBe(second);
  });

  it('treats full-width and ASCII spellings of a password as the same (NFKC)', async () => {
    const stored = await hashPassword('Grid2025pass');
    expect(await verifyPassword('Ｇｒｉｄ２０２５ｐａｓｓ', stored)).toBe(true);
  });

  it('verifies hashes made with other parameters, so the cost can be raised later', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('older-password', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('older-password', stored)).toBe(true);
    expect(await verifyPassword('other-password', stored)).toBe(false);
  });

  it('refuses stored values that are not scrypt hashes rather than throwing', async () => {
    for (const stored of ['', 'plain-text', 'bcrypt$10$abc', 'scrypt$16384$8$1$onlysalt']) {
      expect(await verifyPassword('plain-text', stored), stored).toBe(false);
    }
  });
});

/** The machine code and message a password is refused with, or undefined when it is accepted. */
function refusal(password: string, username: string, minLength = 12) {
  try {
    assertPasswordAcceptable(password, username, minLength);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

describe('assertPasswordAcceptable', () => {
  it('accepts a long password with varied characters, and the test passphrase', () => {
    expect(refusal('Correct-Horse-Battery-9', 'zhangsan')).toBeUndefined();
    expect(refusal('Grid-Test-Passphrase-2025', 'admin')).toBeUndefined();
  });

  it('refuses fewer characters than the minimum, naming it, and counts characters, not bytes', () => {
    expect(refusal('Sh0rt-pass', 'zhangsan')).toMatch(/^password_too_short: .*12/);
    expect(refusal('Long-enough-now', 'zhangsan', 16)).toMatch(/^password_too_short: .*16/);
    expect(refusal('网格通的密码很长很长很长', 'zhangsan')).toBeUndefined();
  });

  it('refuses passwords of the common-password list whatever their case', () => {
    expect(refusal('administrator', 'zhangsan')).toMatch(/^password_too_common: .*common passwords/);
    expect(refusal('AdministratoR', 'zhangsan')).toMatch(/^password_too_common/);
    expect(refusal('1qaz2wsx3edc', 'zhangsan')).toMatch(/^password_too_common/);
    expect(refusal('QWERTY123456', 'zhangsan')).toMatch(/^password_too_common/);
  });

  it('refuses a password containing the username, whatever its case', () => {
    expect(refusal('zhangsan-2025-spring', 'zhangsan')).toMatch(/^password_too_common: .*username/);
    expect(refusal('My-ZhangSan-Secret', 'zhangsan')).toMatch(/username/);
  });

  it('refuses a password of too few different characters', () => {
    expect(refusal('aaaabbbbaaaabbbb', 'zhangsan')).toMatch(/^password_too_common: .*different characters/);
  });

  it('sets no composition rule: a long phrase of lower-case words passes', () => {
    expect(refusal('correct horse battery staple', 'zhangsan')).toBeUndefined();
  });
});
