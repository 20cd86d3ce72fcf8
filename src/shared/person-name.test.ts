import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countCodePoints, toNamePinyin, normalizePersonName, validatePersonName } from './person-name.js';

const middleDotVariants = ['\u00B7', '\u30FB', '\u2022', '\u2027', '\u2E31', '\u16EB'];
const dotLikeCharacters = new Set([...middleDotVariants, '\uFF0E']);

describe('normalizePersonName', () => {
  it('keeps a rare character outside the Basic Multilingual Plane and counts it as one', () => {
    expect(normalizePersonName('𠮷田')).toBe('𠮷田');
    expect(countCodePoints('𠮷')).toBe(1);
    expect('𠮷'.length).toBe(2);
    expect(countCodePoints(normalizePersonName(' 𠮷田 '))).toBe(2);
  });

  it('trims outer whitespace, including the ideographic space, and collapses inner runs to one space', () => {
    expect(normalizePersonName('\u3000张三 \t')).toBe('张三');
    expect(normalizePersonName('Mary  \u3000 Jane')).toBe('Mary Jane');
  });

  it('unifies the middle-dot variants to U+00B7', () => {
    for (const dot of middleDotVariants) {
      expect(normalizePersonName(`阿依古丽${dot}买买提`), `U+${dot.codePointAt(0)?.toString(16)}`).toBe(
        '阿依古丽·买买提',
      );
    }
  });

  it('reads a full-width full stop as a middle dot only between Han characters', () => {
    expect(normalizePersonName('阿依古丽．买买提')).toBe('阿依古丽·买买提');
    expect(normalizePersonName('J．Smith')).toBe('J．Smith');
    expect(normalizePersonName('张．')).toBe('张．');
  });

  it('composes decomposed accents (NFC) and changes nothing else', () => {
    expect(normalizePersonName('Jose\u0301')).toBe('Jos\u00E9');
    expect(normalizePersonName('欧阳娜娜')).toBe('欧阳娜娜');
    expect(normalizePersonName('Mary-Jane O’Neil')).toBe('Mary-Jane O’Neil');
  });

  const interestingCharacter = fc.constantFrom(
    ...[...middleDotVariants, '\uFF0E', ' ', '\u3000', '\t', '\n', '\u00A0', '\u0301', 'e', '张', '𠮷', 'A', '.'],
  );
  const nameLike = fc.oneof(
    fc.string({ unit: interestingCharacter }),
    fc.string({ unit: fc.oneof(interestingCharacter, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
    fc.string(),
  );

  it('is idempotent', () => {
    fc.assert(
      fc.property(nameLike, (raw) => {
        const once = normalizePersonName(raw);
        expect(normalizePersonName(once)).toBe(once);
      }),
    );
  });

  it('never drops or changes a visible character other than the middle-dot variants', () => {
    const withoutWhitespaceAndDots = (text: string) =>
      [...text].filter((character) => !/\s/u.test(character) && !dotLikeCharacters.has(character)).join('');
    const countDots = (text: string) => [...text].filter((character) => dotLikeCharacters.has(character)).length;
    fc.assert(
      fc.property(nameLike, (raw) => {
        const composed = raw.normalize('NFC');
        const normalized = normalizePersonName(raw);
        expect(withoutWhitespaceAndDots(normalized)).toBe(withoutWhitespaceAndDots(composed));
        expect(countDots(normalized)).toBe(countDots(composed));
      }),
    );
  });
});

describe('validatePersonName', () => {
  it('accepts ordinary, minority, rare-character and Latin names', () => {
    for (const name of ['张三', '阿依古丽·买买提', '𠮷田', '欧阳娜娜', 'Mary Jane', '李〇']) {
      expect(validatePersonName(name), name).toBeUndefined();
    }
  });

  it('accepts a name of 50 and of 100 characters, counting a rare character as one', () => {
    expect(validatePersonName('阿'.repeat(50))).toBeUndefined();
    expect(validatePersonName('𠮷'.repeat(100))).toBeUndefined();
    expect(validatePersonName('阿'.repeat(101))?.message.en).toMatch(/at most 100/);
  });

  it('refuses an empty name, digits and control characters', () => {
    expect(validatePersonName('')).toBeDefined();
    expect(validatePersonName(' \u3000')).toBeDefined();
    expect(validatePersonName('张三2')?.message.en).toMatch(/digits/);
    expect(validatePersonName('张三２')?.message.en).toMatch(/digits/);
    expect(validatePersonName('张\u0000三')?.message.en).toMatch(/control/);
    expect(validatePersonName('张\u202E三')?.message.en).toMatch(/control/);
    expect(validatePersonName('张\uD800三')?.message.en).toMatch(/control/);
    expect(validatePersonName('··')).toBeDefined();
    expect(validatePersonName('张三2')?.reason).toBe('digits');
    expect(validatePersonName('张三2')?.message.zh).toBe('姓名不能包含数字。');
  });
});

describe('toNamePinyin', () => {
  it('gives the full pinyin and the initials, lower-case and without spaces', () => {
    expect(toNamePinyin('张三')).toEqual({ full: 'zhangsan', initials: 'zs' });
  });

  it('reads polyphonic characters at the start as surnames', () => {
    expect(toNamePinyin('单田芳')).toEqual({ full: 'shantianfang', initials: 'stf' });
    expect(toNamePinyin('曾国藩')).toEqual({ full: 'zengguofan', initials: 'zgf' });
    expect(toNamePinyin('解缙')).toEqual({ full: 'xiejin', initials: 'xj' });
  });

  it('leaves out the middle dot in minority names', () => {
    expect(toNamePinyin('阿依古丽·买买提')).toEqual({ full: 'ayigulimaimaiti', initials: 'ayglmmt' });
    expect(toNamePinyin('阿依古丽・买买提')).toEqual({ full: 'ayigulimaimaiti', initials: 'ayglmmt' });
  });

  it('keeps Latin letters lower-cased, one initial per word, and drops characters without pinyin', () => {
    expect(toNamePinyin('Tom 张')).toEqual({ full: 'tomzhang', initials: 'tz' });
    expect(toNamePinyin('José 李')).toEqual({ full: 'joseli', initials: 'jl' });
    expect(toNamePinyin('𠮷田')).toEqual({ full: 'tian', initials: 't' });
  });

  it('writes ü as v', () => {
    expect(toNamePinyin('吕布')).toEqual({ full: 'lvbu', initials: 'lb' });
  });

  it('always gives lower-case ASCII letters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...[...'张三单曾阿依·Tomé 𠮷吕']) }),
        fc.string(),
        (name, noise) => {
          for (const { full, initials } of [toNamePinyin(name), toNamePinyin(noise)]) {
            expect(full).toMatch(/^[a-z]*$/);
            expect(initials).toMatch(/^[a-z]*$/);
            expect(initials.length).toBeLessThanOrEqual(full.length);
          }
        },
      ),
    );
  });
});
