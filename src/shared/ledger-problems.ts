import type { LedgerProblem, LedgerProblemCode } from './api/registry-import.js';
import type { Language } from './language.js';

type Sentences = Record<Language, string>;
/** The params a problem of this code carries. */
export type ParamsOf<Code extends LedgerProblemCode> = LedgerProblem extends infer Problem
  ? Problem extends { code: infer Codes; params: infer Params }
    ? Code extends Codes
      ? Params
      : never
    : never
  : never;

const nameReasons: Record<ParamsOf<'name_invalid'>['reason'], Sentences> = {
  too_long: { zh: '姓名过长', en: 'The name is too long.' },
  control_character: {
    zh: '姓名含有看不见的控制字符，请重新输入',
    en: 'The name contains an invisible control character; type it again.',
  },
  digits: { zh: '姓名不能包含数字', en: 'A name cannot contain digits.' },
  no_letter: { zh: '姓名至少要有一个文字', en: 'A name needs at least one letter or character.' },
  other: { zh: '姓名格式不正确', en: 'The name is not written correctly.' },
};

/**
 * Every problem's sentence in both languages, from its code and params: the one place a problem becomes words, for
 * the console's tables and the downloadable report alike. A code without both sentences does not compile.
 */
const sentences: { [Code in LedgerProblemCode]: (params: ParamsOf<Code>) => Sentences } = {
  cell_has_nul: () => ({
    zh: '单元格含有空字符（0x00）：请删除后再导入',
    en: 'The cell contains a NUL character (0x00): delete it and import again.',
  }),
  name_missing: () => ({ zh: '缺少姓名', en: 'The name is missing.' }),
  name_invalid: ({ reason }) => nameReasons[reason],
  example_row: () => ({
    zh: '这是模板中的示例行，请删除后再导入',
    en: 'This is the template’s example row: delete it and import again.',
  }),
  id_number_empty: () => ({ zh: '身份证号为空', en: 'The ID number is empty.' }),
  id_number_wrong_length: () => ({
    zh: '身份证号位数不对：应为18位（1999年前发的旧证为15位）',
    en: 'The ID number has the wrong length: 18 characters (15 on cards issued before 1999).',
  }),
  id_number_bad_characters: () => ({
    zh: '身份证号含有无效字符：只能是数字，最后一位可以是X',
    en: 'The ID number contains invalid characters: digits only, the last one may be X.',
  }),
  id_number_bad_checksum: () => ({
    zh: '身份证号校验位错误：请对照证件逐位核对',
    en: 'The ID number’s check character is wrong: compare it with the card digit by digit.',
  }),
  id_number_bad_birth_date: () => ({
    zh: '身份证号中的出生日期不存在',
    en: 'The birth date in the ID number does not exist.',
  }),
  id_number_future_birth_date: () => ({
    zh: '身份证号中的出生日期晚于今天',
    en: 'The birth date in the ID number is after today.',
  }),
  id_number_not_recoverable: () => ({
    zh: '身份证号被表格存成了数字，末尾几位已经丢失：请把该列设置为“文本”格式，再重新输入完整号码',
    en:
      'The spreadsheet stored the ID number as a number and its last digits are lost: format the column as ' +
      '“Text” and type the whole number again.',
  }),
  birth_date_unrecognised: () => ({
    zh: '出生日期无法识别：请写成 1990-01-01 的形式',
    en: 'The birth date is not recognised: write it as 1990-01-01.',
  }),
  birth_date_in_future: () => ({ zh: '出生日期晚于今天', en: 'The birth date is after today.' }),
  birth_date_conflicts_with_id_number: () => ({
    zh: '出生日期与身份证号中的出生日期不一致',
    en: 'The birth date differs from the one in the ID number.',
  }),
  birth_date_incomplete: () => ({
    zh: '出生日期只写到了月：没有身份证号时，请写完整的年月日，如 1990-01-01',
    en: 'The birth date stops at the month: without an ID number, write the whole date, such as 1990-01-01.',
  }),
  phone_invalid: () => ({
    zh: '联系电话格式不正确：应为11位手机号，或带区号的固定电话',
    en: 'The phone is not valid: an 11-digit mobile number or a landline with its area code.',
  }),
  registered_elsewhere: () => ({
    zh: '此人已在本县其他地区登记，请联系县里迁入本网格',
    en: 'This person is registered elsewhere in the county: ask the county to move them to this grid.',
  }),
  sex_unrecognised: ({ text }) => ({
    zh: `性别无法识别：“${text}”，应为男或女`,
    en: `The sex “${text}” is not recognised: write 男 (male) or 女 (female).`,
  }),
  residence_type_unrecognised: ({ text }) => ({
    zh: `人员类型无法识别：“${text}”，应为户籍人口、常住人口或流动人口`,
    en: `The residence type “${text}” is not recognised: write 户籍人口 (registered), 常住人口 (resident) or 流动人口 (floating).`,
  }),
  party_membership_unrecognised: ({ text }) => ({
    zh: `政治面貌无法识别：“${text}”，应为中共党员、中共预备党员、共青团员、群众等，或填是/否`,
    en:
      `The political status “${text}” is not recognised: write 中共党员 (party member), 中共预备党员, 共青团员, ` +
      '群众 and the like, or 是/否 (yes/no).',
  }),
  sex_conflicts_with_id_number: ({ sexOfIdNumber }) => ({
    zh: `性别与身份证号不一致：身份证号表明为${sexOfIdNumber === 'male' ? '男' : '女'}`,
    en: `The sex differs from the ID number, which says ${sexOfIdNumber}.`,
  }),
  tag_unknown: ({ tags }) => ({
    zh: `未知的人群标签：${tags.join('、')}（多个标签请用顿号分隔）`,
    en: `Unknown group tags: ${tags.join(', ')} (separate several tags with 、).`,
  }),
  grid_unknown: ({ regionName, grid }) =>
    grid === null
      ? { zh: `请填写所属网格：${regionName}不是网格`, en: `Name the grid: ${regionName} is not a grid.` }
      : { zh: `在${regionName}下找不到网格“${grid}”`, en: `There is no grid “${grid}” under ${regionName}.` },
  id_number_repeated: ({ firstRow }) => ({
    zh: `与第${firstRow}行的身份证号重复`,
    en: `The same ID number as row ${firstRow}.`,
  }),
  // Kept as it was stored; it is Chinese in both languages.
  legacy_sentence: ({ text }) => ({ zh: text, en: text }),
};

/** A problem as a sentence in the reader's language. */
export function describeLedgerProblem(problem: LedgerProblem, language: Language): string {
  // The table above pairs each code with its params; TypeScript cannot follow the pairing through the lookup.
  const describe = sentences[problem.code] as (params: LedgerProblem['params']) => Sentences;
  return describe(problem.params)[language];
}
