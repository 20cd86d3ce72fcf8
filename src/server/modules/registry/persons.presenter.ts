import type { Person } from '../../../shared/api/registry.js';
import { addDays, chinaToday } from '../../../shared/clock.js';
import { maskIdNumber } from '../../../shared/id-number.js';
import { maskPhone } from '../../../shared/phone.js';
import { can } from '../../../shared/policy.js';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import type { PersonRow } from './persons.repository.js';
import { loadTagRules, type TagRules } from './tags.service.js';

export type Presentation = {
  isRevealed: boolean;
  mayReadSensitive: boolean;
  tagRules: TagRules;
  /** The county's date (China's), YYYY-MM-DD: ages are counted on it. */
  today: string;
};

/** Whole years from a YYYY-MM-DD birth date to `today`: the birthday itself counts. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/**
 * The age a caller may see. The masked ID number hides exactly the eight digits of the birth date, so a caller
 * without `sensitive.read` gets only the age the person reaches in this calendar year: it changes on 1 January for
 * everyone, so watching it change gives the birthday away no more than the birth year does.
 */
export function visibleAge(birthDate: string, presentation: Pick<Presentation, 'mayReadSensitive' | 'today'>) {
  if (presentation.mayReadSensitive) return ageOn(birthDate, presentation.today);
  return Number(presentation.today.slice(0, 4)) - Number(birthDate.slice(0, 4));
}

/**
 * A minor as the caller may know it: under 18 on the county's date, or, without `sensitive.read`, anyone who turns
 * 18 this year or later, so that the day a name stops being hidden is 1 January, not the 18th birthday.
 */
export function isMinorFor(birthDate: string | null, presentation: Pick<Presentation, 'mayReadSensitive' | 'today'>) {
  if (birthDate === null) return false;
  const age = visibleAge(birthDate, presentation);
  return presentation.mayReadSensitive ? age < 18 : age <= 18;
}

/**
 * The earliest birth date of someone the caller must treat as a minor (see `isMinorFor`): name searches leave
 * them out, so a hidden name cannot be found a letter at a time.
 */
export function earliestMinorBirthDate(presentation: Pick<Presentation, 'mayReadSensitive' | 'today'>): string {
  const year = Number(presentation.today.slice(0, 4)) - 18;
  if (!presentation.mayReadSensitive) return `${String(year).padStart(4, '0')}-01-01`;
  // A day after the date 18 years ago: whoever was born on it has their 18th birthday today and is an adult.
  return addDays(`${String(year).padStart(4, '0')}${presentation.today.slice(4)}`, 1);
}

/** Whether a person's name (and age) is hidden from the caller: a minor, to a role without `sensitive.read`. */
export function isNameHidden(birthDate: string | null, presentation: Pick<Presentation, 'mayReadSensitive' | 'today'>) {
  return !presentation.mayReadSensitive && isMinorFor(birthDate, presentation);
}

/** A name as the caller may see it: a hidden minor's is cut to its first character (张*). */
export function visibleName(name: string, birthDate: string | null, presentation: Presentation) {
  return isNameHidden(birthDate, presentation) ? `${[...name][0]}*` : name;
}

/** Tag codes as the caller may see them: no sensitive tag for a role without `sensitive.read`. */
export function visibleTags(codes: readonly string[], presentation: Presentation) {
  return codes.filter((code) => presentation.mayReadSensitive || !presentation.tagRules.sensitive.has(code));
}

/**
 * Digits long enough to be an ID number, a phone or part of one (spaces and hyphens between them too), and dates
 * written in Chinese: what a note typed by a grid member may hold.
 */
const numberLike = /\d(?:[\s-]?\d){4,}[Xx]?|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?/g;

/** Free text with the numbers and dates in it starred, as a masked view or export shows notes. */
export function starNumbers(text: string): string {
  return text.replace(numberLike, (match) => match.replace(/[\dXx]/g, '*'));
}

/** Free text (notes) as the caller may see it: without `sensitive.read`, numbers and dates in it are starred. */
export function visibleText(text: string, presentation: Presentation) {
  return presentation.mayReadSensitive ? text : starNumbers(text);
}

export async function presentationFor(db: Executor, actor: Actor, isRevealed: boolean): Promise<Presentation> {
  return {
    isRevealed,
    mayReadSensitive: can(actor.role, 'sensitive.read'),
    tagRules: await loadTagRules(db),
    today: chinaToday(),
  };
}

/**
 * What leaves the server about a person — every list, detail, household member list and export goes through here.
 * ID numbers and phones are masked unless revealed. A caller without `sensitive.read` gets no birth date (with
 * the masked ID number it would be the whole number), only the age reached this year; no sensitive tags; no
 * numbers or dates in notes; and a minor's name and age stay hidden from them.
 */
export function presentPerson(row: PersonRow, presentation: Presentation): Person {
  const { person } = row;
  const isMinorPerson = isMinorFor(person.birthDate, presentation);
  return {
    id: person.id,
    regionId: person.regionId,
    regionName: row.regionName,
    householdId: person.householdId,
    householdAddress: row.householdAddress,
    relationToHead: person.relationToHead,
    name: visibleName(person.name, person.birthDate, presentation),
    sex: person.sex,
    idNumber:
      person.idNumber === null ? null : presentation.isRevealed ? person.idNumber : maskIdNumber(person.idNumber),
    phone: person.phone === null ? null : presentation.isRevealed ? person.phone : maskPhone(person.phone),
    isMasked: !presentation.isRevealed && (person.idNumber !== null || person.phone !== null),
    birthDate: presentation.mayReadSensitive ? person.birthDate : null,
    age:
      person.birthDate === null || isNameHidden(person.birthDate, presentation)
        ? null
        : visibleAge(person.birthDate, presentation),
    isMinor: isMinorPerson,
    ethnicity: person.ethnicity,
    residenceType: person.residenceType,
    isPartyMember: person.isPartyMember,
    notes: visibleText(person.notes, presentation),
    tags: visibleTags(row.tagCodes, presentation),
    updatedAt: person.updatedAt.toISOString(),
  };
}
