import type { residentAccountsZhCN } from './resident-accounts.zh-CN';

export const residentAccountsEn: typeof residentAccountsZhCN = {
  title: 'Resident accounts',
  intro:
    'Residents who signed in to the residents’ page with their phone. Phones are masked; the grid comes from the registry person with the same phone, and a resident without one is a guest. Disabling signs the resident out at once and keeps them from signing in; their reports stay as they are.',
  search: 'Name or phone',
  all: 'All',
  name: 'Name',
  phone: 'Phone',
  grid: 'Grid',
  guest: 'Guest',
  registryPerson: 'Registry person',
  yes: 'Yes',
  no: 'No',
  lastSignIn: 'Last sign-in',
  cases: 'Reports',
  status: 'Status',
  active: 'Active',
  inactive: 'Disabled',
  actions: 'Actions',
  disable: 'Disable',
  enable: 'Enable',
  confirmDisable: 'The resident will be signed out at once and cannot sign in again. Disable?',
  confirmEnable: 'Enable this resident’s account again?',
  disabled: 'Disabled',
  enabled: 'Enabled',
  more: 'Only the newest 200 accounts are shown: search to narrow the list.',
};
