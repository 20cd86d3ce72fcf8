import type { LedgerProblem } from '../src/shared/api/registry-import.js';
import { computeIdNumberCheckCharacter } from '../src/shared/id-number.js';
import { describeLedgerProblem } from '../src/shared/ledger-problems.js';

let sequence = 0;

/**
 * A valid, unused ID number: division 110105 (not the demo county's), the given birth date, a running sequence and
 * the MOD 11-2 check character. `sex` picks the parity of the 17th digit.
 */
export function makeIdNumber(birthDate = '1980-05-17', sex: 'male' | 'female' = 'male'): string {
  sequence += 1;
  const order = String(((sequence * 2) % 1000) + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const body = `110105${birthDate.replaceAll('-', '')}${order}`;
  return body + computeIdNumberCheckCharacter(body);
}

/** Replaces the check character with a wrong one. */
export function withWrongCheck(idNumber: string): string {
  const wrong = idNumber.endsWith('0') ? '1' : '0';
  return idNumber.slice(0, 17) + wrong;
}

/** Ledger problems as a Chinese reader is told them: where, the sentence, and the code it comes from. */
export function toldInChinese(problems: readonly LedgerProblem[]) {
  return problems.map((problem) => ({
    row: problem.row,
    column: problem.column,
    problem: describeLedgerProblem(problem, 'zh'),
    code: problem.code,
  }));
}
