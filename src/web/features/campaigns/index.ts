import { FlagOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * The campaigns (活动: 敲门行动, 固定服务日 …) as the console mounts them: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={campaignsRoutePath} element={<RequireAbility capability="campaign.read" page={<CampaignsRoutes />} />} />
 * navigation.tsx: `campaignsNavigationEntry` in `navigationEntries` (its label is the `nav.campaigns` message).
 */

/** The campaign pages, loaded when first opened; they route /campaigns and /campaigns/:campaignId themselves. */
export const CampaignsRoutes = lazy(() => import('../../pages/campaigns-routes'));

export const campaignsRoutePath = '/campaigns/*';

/** The menu entry: 活动, for anyone who may read campaigns. */
export const campaignsNavigationEntry = {
  path: '/campaigns',
  label: 'campaigns',
  icon: createElement(FlagOutlined),
  capability: 'campaign.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
