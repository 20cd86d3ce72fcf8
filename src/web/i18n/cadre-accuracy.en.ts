import type { CadreAccuracyMessages } from './cadre-accuracy.zh-CN';

/** Information-accuracy verification, in English: the same keys as `cadre-accuracy.zh-CN.ts`. */
export const cadreAccuracyEn: CadreAccuracyMessages = {
  intro:
    'A random share of the persons and households each cadre collected or changed in a period, re-checked one by one by another account of the village. The seed is kept and a period is never drawn again; mismatches count in the evaluation’s information accuracy.',
  draw: 'Draw sample',
  empty: 'No verification sample yet.',
  drawnAt: 'Drawn {{at}}',
  sampleTitle: 'Verification sample',
  drawnLine: '{{region}}, {{from}} to {{to}}, {{share}} % drawn (at least {{minimum}} per cadre), seed {{seed}}',
  cadre: 'Cadre',
  sampled: 'Entries drawn',
  noEntries: 'These cadres collected nothing in the period: the sample is empty.',
  check: 'Check',
  checkTitle: 'Check an entry {{cadre}} collected',
  head: 'Head of household',
  result: 'Result',
  results: { pending: 'To check', match: 'Matches', mismatch: 'Mismatch' },
  wrongFields: 'Fields found wrong',
  wrongFieldsRequired: 'Choose the fields found wrong.',
  note: 'Note',
  entityTypes: { person: 'Person', household: 'Household' },
  fields: {
    name: 'Name',
    sex: 'Sex',
    idNumber: 'ID number',
    phone: 'Phone',
    birthDate: 'Date of birth',
    ethnicity: 'Ethnicity',
    residenceType: 'Residence type',
    address: 'Address',
    members: 'Household members',
    other: 'Other',
  },
};
