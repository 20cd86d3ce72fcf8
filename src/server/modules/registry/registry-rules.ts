import { parseIdNumber } from '../../../shared/id-number.js';
import { normalizePersonName, toNamePinyin, validatePersonName } from '../../../shared/person-name.js';
import { AppError } from '../../errors.js';

/** Name, pinyin and initials of a person, or a 400 saying what is wrong with the name. */
export function checkName(raw: string) {
  const name = normalizePersonName(raw);
  const problem = validatePersonName(name);
  if (problem) throw new AppError('validation_failed', problem.message);
  const pinyin = toNamePinyin(name);
  return { name, namePinyin: pinyin.full, nameInitials: pinyin.initials };
}

/**
 * The canonical ID number with the birth date and sex it carries. A birth date or sex given beside it must agree,
 * because a disagreement means one of them was typed wrong.
 */
export function checkIdentity(input: {
  idNumber?: string | null | undefined;
  birthDate?: string | null | undefined;
  sex?: 'male' | 'female' | null | undefined;
}) {
  if (!input.idNumber)
    return { idNumber: input.idNumber ?? null, birthDate: input.birthDate ?? null, sex: input.sex ?? null };
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw new AppError('invalid_id_number', parsed.message, { problem: parsed.problem });
  if (input.birthDate && input.birthDate !== parsed.birthDate) {
    throw new AppError('validation_failed', {
      en: `The birth date ${input.birthDate} differs from the ID number's ${parsed.birthDate}.`,
      zh: `出生日期 ${input.birthDate} 与身份证号中的 ${parsed.birthDate} 不一致。`,
    });
  }
  if (input.sex && input.sex !== parsed.sex) {
    throw new AppError('validation_failed', {
      en: `The sex differs from the one the ID number carries (${parsed.sex}).`,
      zh: `性别与身份证号所示（${parsed.sex}）不一致。`,
    });
  }
  return { idNumber: parsed.idNumber, birthDate: parsed.birthDate, sex: parsed.sex };
}
