import type { open311ZhCN } from './open311.zh-CN';

export const open311En: typeof open311ZhCN = {
  title: 'Open311',
  intro:
    'Resident apps (such as FixMyStreet) file reports and follow them over the Open311 GeoReport v2 interface. Enter this endpoint, jurisdiction and key in their admin.',
  endpoint: 'Endpoint',
  jurisdiction: 'Jurisdiction (jurisdiction_id)',
  add: 'Add client',
  name: 'Client name',
  nameRequired: 'Name the client',
  requestsPerMinute: 'Requests per minute',
  keyPrefix: 'Key starts with',
  createdAt: 'Added',
  state: 'State',
  active: 'Active',
  revoked: 'Revoked',
  revoke: 'Revoke key',
  revokeConfirm: 'Once revoked, this client’s posts are refused, for good. Revoke?',
  keyTitle: 'New key',
  keyOnce: 'The key is shown only this once: copy it now into the client’s API key setting.',
  empty: 'No clients yet',
};
