import type { CategoryAttribute } from '../../../shared/api/case-catalogue.js';
import type { CaseAttributeAnswer } from '../../../shared/cases.js';
import { AppError } from '../../errors.js';

/** Answers as a client sends them, by question code: one text, or several for a multiple choice. */
export type GivenAnswers = Readonly<Record<string, string | readonly string[]>>;

const longestAnswer: Record<CategoryAttribute['datatype'], number> = {
  string: 200,
  text: 2000,
  number: 50,
  datetime: 50,
  singlevaluelist: 50,
  multivaluelist: 50,
};

/** ISO 8601 / W3C: a day, or a day and time with or without an offset (read in China's time then). */
const datetimePattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function refusal(attribute: CategoryAttribute, en: string, zh: string): AppError {
  return new AppError(
    'validation_failed',
    { en: `“${attribute.nameZh}” (${attribute.code}) ${en}`, zh: `“${attribute.nameZh}”（${attribute.code}）${zh}` },
    { field: `attributes.${attribute.code}` },
  );
}

function isDatetime(text: string): boolean {
  if (!datetimePattern.test(text)) return false;
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10 ? text : `${text}+08:00`;
  return !Number.isNaN(Date.parse(withZone.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

/** One question's answer checked against its datatype, or undefined when not answered. */
function answerOf(attribute: CategoryAttribute, given: string | readonly string[] | undefined) {
  const texts = (typeof given === 'string' ? [given] : (given ?? []))
    .map((text) => text.trim())
    .filter((text) => text !== '');
  if (texts.length === 0) {
    if (attribute.required) throw refusal(attribute, 'must be answered.', '为必填项，请填写。');
    return undefined;
  }
  if (attribute.datatype !== 'multivaluelist' && texts.length > 1) {
    throw refusal(attribute, 'takes one answer.', '只能填一个答案。');
  }
  const tooLong = texts.find((text) => text.length > longestAnswer[attribute.datatype]);
  if (tooLong !== undefined) {
    const limit = longestAnswer[attribute.datatype];
    throw refusal(attribute, `is longer than ${limit} characters.`, `超过 ${limit} 字。`);
  }
  const [text] = texts as [string];
  if (attribute.datatype === 'number' && !Number.isFinite(Number(text))) {
    throw refusal(attribute, 'must be a number.', '须为数字。');
  }
  if (attribute.datatype === 'datetime' && !isDatetime(text)) {
    throw refusal(
      attribute,
      'must be a date (2026-12-06) or a date and time (2026-12-06T09:30+08:00).',
      '须为日期（2026-12-06）或日期时间（2026-12-06T09:30+08:00）。',
    );
  }
  if (attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist') {
    const names = texts.map((key) => attribute.values.find((value) => value.key === key)?.name);
    const unknown = texts.find((_key, index) => names[index] === undefined);
    if (unknown !== undefined) {
      const allowed = attribute.values.map((value) => `${value.key}（${value.name}）`).join('、');
      throw refusal(
        attribute,
        `has no choice “${unknown}”; choose from ${allowed}.`,
        `没有选项“${unknown}”，可选：${allowed}。`,
      );
    }
    const text = names.join('、');
    return { value: attribute.datatype === 'multivaluelist' ? texts : texts[0]!, text };
  }
  return { value: text, text };
}

/**
 * The answers a report gives to its item's questions, in the questions' order: a required question unanswered, an
 * answer of the wrong datatype or a choice the list does not offer is a 400 naming the question. Codes the item
 * does not ask are ignored, as Open311 allows.
 */
export function answersFor(attributes: readonly CategoryAttribute[], given: GivenAnswers): CaseAttributeAnswer[] {
  return [...attributes]
    .sort((left, right) => left.order - right.order)
    .flatMap((attribute) => {
      const answer = answerOf(attribute, Object.hasOwn(given, attribute.code) ? given[attribute.code] : undefined);
      return answer === undefined ? [] : [{ code: attribute.code, name: attribute.nameZh, ...answer }];
    });
}
