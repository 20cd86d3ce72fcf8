/**
 * Turns full-width digits and hyphens into ASCII and drops spaces, as phones typed on Chinese keyboards need; a
 * mobile number written in groups (138-0013-8000) loses its hyphens, a landline keeps the one after its area code.
 */
export function normalizePhone(raw: string): string {
  const cleaned = raw
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0D\u2010-\u2015]/g, '-')
    .replace(/[\s\u3000]/g, '')
    .replace(/^(\+86|0086)-?/, '');
  const digits = cleaned.replaceAll('-', '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : cleaned;
}

/** A mainland mobile number (11 digits from 13–19) or a landline with its area code. */
export function isValidPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}

/** 138****1234: the first three and last four digits stay, so a person can still recognise the number. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
