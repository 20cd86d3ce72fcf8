import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeIdNumberCheckCharacter, maskIdNumber, normalizeIdNumber, parseIdNumber } from './id-number.js';

/** A fixed day, so that the tests about future dates do not change meaning as time passes. */
const today = new Date(2025, 5, 15);

/**
 * The check character worked out from the definition of ISO 7064 MOD 11-2 rather than from the table in the
 * code under test: the weight of a position is 2^k mod 11 (k counted from the right, the check position being 0),
 * and the check value makes the whole weighted sum 1 modulo 11.
 */
function checkCharacterFromDefinition(body: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += Number(body[index]) * (2 ** (17 - index) % 11);
  }
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

function completeIdNumber(body: string): string {
  return body + checkCharacterFromDefinition(body);
}

function expectProblem(raw: string | number, problem: string): void {
  const result = parseIdNumber(raw, today);
  expect(result.ok, String(raw)).toBe(false);
  if (!result.ok) {
    expect(result.problem, String(raw)).toBe(problem);
    expect(result.message.en.length).toBeGreaterThan(0);
    expect(result.message.zh).toMatch(/\p{Script=Han}/u);
  }
}

describe('checkCharacterFromDefinition', () => {
  it('agrees with the well-known sample number', () => {
    expect(completeIdNumber('11010519491231002')).toBe('11010519491231002X');
  });
});

describe('computeIdNumberCheckCharacter', () => {
  it('agrees with the definition for a list of bodies', () => {
    const bodies = [
      '11010519491231002',
      '44030419900101001',
      '32010219800229123',
      '51010720000101000',
      '65010219751130567',
      '15010219610715234',
      '00000000000000000',
      '99999999999999999',
    ];
    for (const body of bodies) {
      expect(computeIdNumberCheckCharacter(body), body).toBe(checkCharacterFromDefinition(body));
    }
  });
});

describe('normalizeIdNumber', () => {
  it('turns full-width digits and X into ASCII and a lower-case x into X', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });

  it('drops spaces, ideographic spaces, tabs and hyphens between digits', () => {
    expect(normalizeIdNumber(' 110105 19491231 002X ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105\u300019491231\u3000002X')).toBe('11010519491231002X');
    expect(normalizeIdNumber('\t11010519491231002X\t')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105-19491231-002X')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105－19491231－002-X')).toBe('11010519491231002X');
  });

  it('keeps hyphens that are not between digits, so that the number is refused rather than guessed', () => {
    expect(normalizeIdNumber('-11010519491231002X')).toBe('-11010519491231002X');
    expect(normalizeIdNumber('11010519491231002X-')).toBe('11010519491231002X-');
  });

  it('is idempotent', () => {
    const noisyCharacter = fc.constantFrom(
      ...'0123456789０１２３４５６７８９xXｘＸ -－‐—\t\u3000\u200Be.E+aA'.split(''),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: noisyCharacter }), fc.string()), (raw) => {
        const once = normalizeIdNumber(raw);
        expect(normalizeIdNumber(once)).toBe(once);
      }),
    );
  });
});

describe('parseIdNumber', () => {
  it('accepts the well-known sample number and reads its parts', () => {
    expect(parseIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      divisionCode: '110105',
      wasConverted: false,
    });
  });

  it('accepts a number whose check character is a digit, and reads an odd sequence digit as male', () => {
    const idNumber = completeIdNumber('44030419900101001');
    expect(parseIdNumber(idNumber, today)).toMatchObject({
      ok: true,
      idNumber,
      birthDate: '1990-01-01',
      sex: 'male',
      divisionCode: '440304',
    });
  });

  it('accepts a lower-case x, full-width characters and spaces', () => {
    for (const raw of ['11010519491231002x', '１１０１０５１９４９１２３１００２Ｘ', ' 110105 1949 1231 002X\u3000']) {
      expect(parseIdNumber(raw, today)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    }
  });

  it('converts a 15-digit number from before 1999 into the 18-character form', () => {
    expect(parseIdNumber('110105491231002', today)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      divisionCode: '110105',
      wasConverted: true,
    });
  });

  it('accepts a 15-digit number given as a spreadsheet number, since no digit is lost', () => {
    expect(parseIdNumber(110105491231002, today)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('refuses a wrong check character', () => {
    expectProblem('110105194912310021', 'bad_checksum');
    expectProblem('110105194912310020', 'bad_checksum');
  });

  it('refuses February 29 in a year that is not a leap year, and accepts it in one that is', () => {
    expectProblem(completeIdNumber('11010519010229001'), 'bad_birth_date');
    expectProblem(completeIdNumber('11010519000229001'), 'bad_birth_date');
    expect(parseIdNumber(completeIdNumber('11010520000229001'), today)).toMatchObject({ birthDate: '2000-02-29' });
    expect(parseIdNumber(completeIdNumber('11010519960229001'), today)).toMatchObject({ birthDate: '1996-02-29' });
  });

  it('refuses impossible months and days and dates before 1900', () => {
    expectProblem(completeIdNumber('11010519901301001'), 'bad_birth_date');
    expectProblem(completeIdNumber('11010519900431001'), 'bad_birth_date');
    expectProblem(completeIdNumber('11010519900100001'), 'bad_birth_date');
    expectProblem(completeIdNumber('11010518991231001'), 'bad_birth_date');
    expectProblem('110105491331002', 'bad_birth_date');
  });

  it('refuses a birth date after today but accepts one born today', () => {
    expectProblem(completeIdNumber('11010520250616001'), 'future_birth_date');
    expectProblem(completeIdNumber('11010520300101001'), 'future_birth_date');
    expect(parseIdNumber(completeIdNumber('11010520250615001'), today)).toMatchObject({ ok: true });
  });

  it('refuses empty input, wrong lengths and stray characters', () => {
    expectProblem('', 'empty');
    expectProblem(' \u3000\t', 'empty');
    expectProblem('1101051949123100', 'wrong_length');
    expectProblem('11010519491231002X1', 'wrong_length');
    expectProblem('11010519491231002Y', 'bad_characters');
    expectProblem('1101051949123100X2', 'bad_characters');
    expectProblem('11010549123100X', 'bad_characters');
    expectProblem('-11010519491231002X', 'bad_characters');
    expectProblem(12345, 'wrong_length');
  });

  it('refuses scientific notation, as a string or a number, because the digits are lost', () => {
    for (const raw of ['1.10105E+17', '1.10105e+17', '1.10105199001011E+17', '1,10105E+17', 1.10105199001011e17]) {
      expectProblem(raw, 'not_recoverable');
    }
    const result = parseIdNumber(1.10105199001011e17, today);
    expect(result.ok === false && /spreadsheet/i.test(result.message.en)).toBe(true);
  });

  it('refuses any 18-digit number given as a number, since it is beyond 2^53 and already rounded', () => {
    // Number('…') keeps the linter from flagging a literal that cannot be stored exactly, which is the point.
    expectProblem(Number('110105194912310021'), 'not_recoverable');
    expectProblem(Number('440304199001010016'), 'not_recoverable');
    expectProblem(2 ** 53, 'not_recoverable');
    expectProblem(110105491231002.5, 'not_recoverable');
    expectProblem(Number.NaN, 'not_recoverable');
  });

  const birthDayNumber = fc.integer({
    min: Date.UTC(1900, 0, 1) / 86_400_000,
    max: Date.UTC(2025, 5, 15) / 86_400_000,
  });
  const validParts = fc.record({
    divisionCode: fc.stringMatching(/^\d{6}$/),
    birthDate: birthDayNumber.map((dayNumber) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10)),
    sequence: fc.stringMatching(/^\d{3}$/),
  });

  function bodyOf(parts: { divisionCode: string; birthDate: string; sequence: string }): string {
    return parts.divisionCode + parts.birthDate.replaceAll('-', '') + parts.sequence;
  }

  it('accepts every number built from a real date and round-trips its birth date and sex', () => {
    fc.assert(
      fc.property(validParts, (parts) => {
        const idNumber = completeIdNumber(bodyOf(parts));
        const sex = Number(parts.sequence.charAt(2)) % 2 === 1 ? 'male' : 'female';
        expect(parseIdNumber(idNumber, today)).toEqual({
          ok: true,
          idNumber,
          birthDate: parts.birthDate,
          sex,
          divisionCode: parts.divisionCode,
          wasConverted: false,
        });
      }),
    );
  });

  it('accepts a valid number written with spaces, hyphens, full-width digits or a lower-case x', () => {
    fc.assert(
      fc.property(validParts, fc.array(fc.constantFrom(' ', '-', '\u3000', '\t', '－')), (parts, separators) => {
        const idNumber = completeIdNumber(bodyOf(parts));
        let noisy = '';
        for (const [index, character] of [...idNumber].entries()) {
          const fullWidth = index % 3 === 0 ? String.fromCharCode(character.charCodeAt(0) + 0xfee0) : character;
          noisy += (character === 'X' ? 'x' : fullWidth) + (index < 17 ? (separators[index] ?? '') : '');
        }
        expect(parseIdNumber(noisy, today)).toMatchObject({ ok: true, idNumber });
      }),
    );
  });

  it('refuses every change of a single character in a valid number', () => {
    fc.assert(
      fc.property(
        validParts,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (parts, index, shift) => {
          const idNumber = completeIdNumber(bodyOf(parts));
          const alphabet = index === 17 ? '0123456789X' : '0123456789';
          const position = alphabet.indexOf(idNumber.charAt(index));
          const replacement = alphabet.charAt((position + 1 + ((shift - 1) % (alphabet.length - 1))) % alphabet.length);
          expect(replacement).not.toBe(idNumber.charAt(index));
          const changed = idNumber.slice(0, index) + replacement + idNumber.slice(index + 1);
          expect(parseIdNumber(changed, today)).toMatchObject({ ok: false, problem: 'bad_checksum' });
        },
      ),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer()), (raw) => {
        const result = parseIdNumber(raw, today);
        if (result.ok) expect(result.idNumber).toMatch(/^\d{17}[\dX]$/);
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the division code and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('stars the whole of anything too short to keep both ends', () => {
    expect(maskIdNumber('123456789')).toBe('*********');
    expect(maskIdNumber('')).toBe('');
  });
});
