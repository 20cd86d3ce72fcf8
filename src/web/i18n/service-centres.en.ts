import type { ServiceCentresMessages } from './service-centres.zh-CN';

/** 党群服务中心 in English: the same keys as `service-centres.zh-CN.ts`. */
export const serviceCentresEn: ServiceCentresMessages = {
  title: 'Service centres',
  empty: 'No service centres yet: a village or town adds one',
  choose: 'Choose a service centre',
  kind: { centre: 'Party-mass service centre', talk_point: 'Talk point' },
  outcome: { answered: 'Answered', handled: 'Handled', referred: 'Referred', pending: 'Pending' },
  info: { region: 'Region', address: 'Address', phone: 'Service phone', count: 'Served in all' },
  add: 'Add service centre',
  centreForm: {
    kind: 'Kind',
    region: 'Town or village',
    regionRequired: 'Choose the town or village',
    name: 'Name',
    nameRequired: 'Give a name',
    address: 'Address',
    phone: 'Service phone',
  },
  record: 'Log consultation',
  consultationForm: {
    kind: 'Kind',
    kindRequired: 'Choose a kind',
    outcome: 'Outcome',
    outcomeRequired: 'Choose the outcome',
    subject: 'What it was about',
    subjectRequired: 'Say what it was about',
    person: 'Resident (optional)',
    note: 'Note',
    done: 'Logged',
  },
  figures: {
    title: 'The last twelve months',
    total: 'Consultations',
    byKind: 'By kind',
    byMonth: 'By month',
    kind: 'Kind',
    month: 'Month',
    sum: 'Total',
    download: 'Export to Excel',
  },
  consultations: { title: 'Log', empty: 'Nothing logged yet', by: 'Logged by {{name}}' },
};
