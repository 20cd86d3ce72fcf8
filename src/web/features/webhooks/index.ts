import { SendOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 事件推送 as the console mounts it: one route and one menu entry for county administrators.
 *
 * app.tsx: <Route path={webhooksRoutePath} element={<RequireAbility capability="case.configure" page={<WebhooksPage />} />} />
 * navigation.tsx: `webhooksNavigationEntry` in `navigationEntries`.
 */
export const WebhooksPage = lazy(() => import('../../pages/webhooks-page'));

export const webhooksRoutePath = '/webhooks';

/** The menu entry: 事件推送, for whoever keeps the county's case settings. */
export const webhooksNavigationEntry = {
  path: '/webhooks',
  label: 'webhooks',
  icon: createElement(SendOutlined),
  capability: 'case.configure',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
