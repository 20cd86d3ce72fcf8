import { MobileOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 群众账号 as the console mounts it: one route and one menu entry for the village, town and county staff who keep
 * the residents' channel of their area.
 */
export const ResidentAccountsPage = lazy(() => import('../../pages/resident-accounts-page'));

export const residentAccountsRoutePath = '/resident-accounts';

export const residentAccountsNavigationEntry = {
  path: residentAccountsRoutePath,
  label: 'residentAccounts',
  icon: createElement(MobileOutlined),
  capability: 'resident.manage',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
