import { describe, expect, it } from 'vitest';
import type { LedgerProblem, LedgerProblemCode } from './api/registry-import.js';
import { describeLedgerProblem, type ParamsOf } from './ledger-problems.js';

/** A problem of every code, with params as the import gives them: a new code does not compile until it is here. */
const paramsByCode: { [Code in LedgerProblemCode]: ParamsOf<Code> } = {
  cell_has_nul: {},
  name_missing: {},
  name_invalid: { reason: 'digits' },
  example_row: {},
  id_number_empty: {},
  id_number_wrong_length: {},
  id_number_bad_characters: {},
  id_number_bad_checksum: {},
  id_number_bad_birth_date: {},
  id_number_future_birth_date: {},
  id_number_not_recoverable: {},
  birth_date_unrecognised: {},
  birth_date_in_future: {},
  birth_date_conflicts_with_id_number: {},
  birth_date_incomplete: {},
  phone_invalid: {},
  registered_elsewhere: {},
  sex_unrecognised: { text: '未知' },
  residence_type_unrecognised: { text: '外来' },
  party_membership_unrecognised: { text: '党员?' },
  sex_conflicts_with_id_number: { sexOfIdNumber: 'male' },
  tag_unknown: { tags: ['贫困户', '空巢'] },
  grid_unknown: { regionName: '北苑社区', grid: '第九网格' },
  id_number_repeated: { firstRow: 12 },
  legacy_sentence: { text: '与第3行的身份证号重复' },
};

const problems = Object.entries(paramsByCode).map(
  ([code, params]) => ({ row: 5, column: '身份证号', code, params }) as LedgerProblem,
);

/** Han characters, as a sentence in Chinese has and one in English has only where it quotes the sheet. */
const han = /\p{Script=Han}/u;

describe('describeLedgerProblem', () => {
  it('tells every problem in Chinese and in English, each sentence its own', () => {
    const chinese = problems.map((problem) => describeLedgerProblem(problem, 'zh'));
    const english = problems.map((problem) => describeLedgerProblem(problem, 'en'));
    for (const [index, problem] of problems.entries()) {
      expect(chinese[index], problem.code).toMatch(han);
      if (problem.code === 'legacy_sentence') continue;
      expect(english[index], problem.code).toMatch(/^[A-Z][^]*\.$/);
      expect(english[index], problem.code).not.toBe(chinese[index]);
    }
    expect(new Set(chinese).size).toBe(problems.length);
    expect(new Set(english).size).toBe(problems.length);
  });

  it('names the values the problem carries, in both languages', () => {
    const told = (code: LedgerProblemCode) => {
      const problem = problems.find((candidate) => candidate.code === code)!;
      return [describeLedgerProblem(problem, 'zh'), describeLedgerProblem(problem, 'en')];
    };
    expect(told('sex_unrecognised')).toEqual([
      '性别无法识别：“未知”，应为男或女',
      'The sex “未知” is not recognised: write 男 (male) or 女 (female).',
    ]);
    expect(told('tag_unknown')).toEqual([
      '未知的人群标签：贫困户、空巢（多个标签请用顿号分隔）',
      'Unknown group tags: 贫困户, 空巢 (separate several tags with 、).',
    ]);
    expect(told('grid_unknown')).toEqual([
      '在北苑社区下找不到网格“第九网格”',
      'There is no grid “第九网格” under 北苑社区.',
    ]);
    expect(told('id_number_repeated')).toEqual(['与第12行的身份证号重复', 'The same ID number as row 12.']);
    expect(told('sex_conflicts_with_id_number')).toEqual([
      '性别与身份证号不一致：身份证号表明为男',
      'The sex differs from the ID number, which says male.',
    ]);
    const noGrid: LedgerProblem = {
      row: 5,
      column: '所属网格',
      code: 'grid_unknown',
      params: { regionName: '北苑社区', grid: null },
    };
    expect(describeLedgerProblem(noGrid, 'zh')).toBe('请填写所属网格：北苑社区不是网格');
    expect(describeLedgerProblem(noGrid, 'en')).toBe('Name the grid: 北苑社区 is not a grid.');
  });

  it('shows a problem kept as a sentence, before problems carried codes, as it was kept', () => {
    const kept = problems.find((problem) => problem.code === 'legacy_sentence')!;
    expect(describeLedgerProblem(kept, 'zh')).toBe('与第3行的身份证号重复');
    expect(describeLedgerProblem(kept, 'en')).toBe('与第3行的身份证号重复');
  });
});
