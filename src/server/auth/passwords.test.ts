import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.js';

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

describe('passwordWeakness', () => {
  it('accepts a long password with varied characters', () => {
    expect(passwordWeakness('Correct-Horse-Battery-9', 'zhangsan')).toBeUndefined();
  });

  it('refuses fewer than 12 characters, naming the minimum', () => {
    expect(passwordWeakness('Sh0rt-pass', 'zhangsan')).toMatch(/12/);
  });

  it('refuses well-known defaults whatever their case', () => {
    expect(passwordWeakness('administrator', 'zhangsan')).toMatch(/well-known/);
    expect(passwordWeakness('AdministratoR', 'zhangsan')).toMatch(/well-known/);
  });

  it('refuses a password containing the username, whatever its case', () => {
    expect(passwordWeakness('zhangsan-2025-spring', 'zhangsan')).toMatch(/username/);
    expect(passwordWeakness('My-ZhangSan-Secret', 'zhangsan')).toMatch(/username/);
  });

  it('refuses a password of too few different characters', () => {
    expect(passwordWeakness('aaaabbbbaaaabbbb', 'zhangsan')).toMatch(/different characters/);
  });
});
