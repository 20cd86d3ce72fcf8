import type { CadreRulesMessages } from './cadre-rules.zh-CN';

/** The county's rules for its cadres, in English: the same keys as `cadre-rules.zh-CN.ts`. */
export const cadreRulesEn: CadreRulesMessages = {
  intro:
    'The county’s rules for the attendance and evaluation of its cadres. Once saved, the attendance and the evaluation count by them.',
  readOnly: 'The county sets these rules: you can read them, not change them.',
  save: 'Save',
  refused: 'Not saved: {{reason}}',
  serviceDays: {
    title: 'Service days',
    weekdays: 'Service days each week',
    weekday: '{{day}}',
    weekdaysRequired: 'Choose at least one day',
    expectedHours: 'Hours of each service day',
    hoursRange: 'Between 0.5 and 24 hours',
  },
  evaluation: {
    title: 'Cadres’ evaluation',
    weights: 'Weights (adding up to 100)',
    total: 'Total {{total}}',
    weightsSum: 'The weights must add up to 100; they add up to {{total}}',
    weightRange: 'A whole number from 0 to 100',
    thresholds: 'Lowest total of each grade',
    poorHint: 'Below “fair” is poor',
    thresholdRange: 'Between 0 and 100',
    goodBelowExcellent: '“Good” must be below “excellent”',
    fairBelowGood: '“Fair” must be below “good”',
    workPerServiceDay: 'Work records per service day for a full work score',
    workRange: 'A whole number from 1 to 50',
  },
  gridMembers: {
    title: 'Grid members’ weights',
    hint: 'Grid members have no service days and no verification: those weights go to the other lines in proportion. The grade thresholds are the cadres’.',
  },
  accuracy: {
    title: 'Verification sampling',
    sharePercent: 'Share drawn (%)',
    shareRange: 'A whole number from 1 to 100',
    minimumCount: 'At least this many of each cadre',
    minimumRange: 'A whole number from 1 to 100',
  },
  timeSplit: {
    title: 'The 721 method',
    enabled: 'Show the 721 split',
    hint: 'When on, the evaluation and the attendance show each cadre’s share of records in the grid, at the service desk and on rotation, against 70 % / 20 % / 10 %.',
  },
};
