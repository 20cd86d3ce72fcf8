import { ApiOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * Open311 接入 as the console mounts it: one route and one menu entry for county administrators.
 *
 * app.tsx: <Route path={open311RoutePath} element={<RequireAbility capability="case.configure" page={<Open311Page />} />} />
 * navigation.tsx: `open311NavigationEntry` in `navigationEntries`.
 */
export const Open311Page = lazy(() => import('../../pages/open311-page'));

export const open311RoutePath = '/open311';

/** The menu entry: Open311 接入, for whoever keeps the county's case settings. */
export const open311NavigationEntry = {
  path: '/open311',
  label: 'open311',
  icon: createElement(ApiOutlined),
  capability: 'case.configure',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
