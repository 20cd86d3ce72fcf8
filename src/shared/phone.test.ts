import { describe, expect, it } from 'vitest';
import { isValidPhone, maskPhone, normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it('turns full-width digits into ASCII and drops spaces, as typed on a Chinese keyboard', () => {
    expect(normalizePhone('１３８ ００１３ ８０００')).toBe('13800138000');
    expect(normalizePhone('138\u300000138000')).toBe('13800138000');
  });

  it('turns full-width and typographic hyphens into ASCII hyphens', () => {
    expect(normalizePhone('０５７１－８７６５４３２１')).toBe('0571-87654321');
    expect(normalizePhone('0571\u201087654321')).toBe('0571-87654321');
  });

  it('drops the country code in both spellings', () => {
    expect(normalizePhone('+86 138 0013 8000')).toBe('13800138000');
    expect(normalizePhone('0086-13800138000')).toBe('13800138000');
  });

  it('leaves a number that is already normal as it is', () => {
    expect(normalizePhone('13800138000')).toBe('13800138000');
  });
});

describe('isValidPhone', () => {
  it('accepts mainland mobiles starting 13–19 and landlines with an area code', () => {
    for (const phone of ['13800138000', '19912345678', '0571-87654321', '057187654321', '010-1234567']) {
      expect(isValidPhone(phone), phone).toBe(true);
    }
  });

  it('refuses numbers of the wrong length or prefix', () => {
    for (const phone of ['12800138000', '1380013800', '138001380000', '87654321', '0571-876', 'abc', '']) {
      expect(isValidPhone(phone), phone).toBe(false);
    }
  });

  it('accepts what a person types once normalised', () => {
    expect(isValidPhone(normalizePhone('+86 １３８ ００１３ ８０００'))).toBe(true);
    expect(isValidPhone(normalizePhone('０５７１－８７６５４３２１'))).toBe(true);
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile: 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('masks the middle of a landline the same way', () => {
    expect(maskPhone('0571-87654321')).toBe('057******4321');
  });

  it('masks a number too short to keep anything entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('1234567')).toBe('*******');
  });

  it('never shows the middle digits', () => {
    const masked = maskPhone('13899990000');
    expect(masked).not.toContain('9999');
    expect(masked).toHaveLength(11);
  });
});
