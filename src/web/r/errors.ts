import { ApiError } from '../../mobile/api';
import type { Translate } from './i18n';

/** The message a failed request leaves the resident: the server's own words, or what to do without a network. */
export function messageOf(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 401 && error.code !== 'invalid_credentials') return t('errors.expired');
    if (error.message) return error.message;
  }
  return t('errors.failed');
}
