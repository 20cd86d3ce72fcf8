import { SolutionOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 矛盾纠纷调解 as the console mounts it: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={disputesRoutePath} element={<RequireAbility capability="dispute.read" page={<DisputesRoutes />} />} />
 * navigation.tsx: `disputesNavigationEntry` in `navigationEntries` (its label is the `nav.disputes` message).
 */

/** The dispute pages, loaded when first opened; they route /disputes and /disputes/:disputeId themselves. */
export const DisputesRoutes = lazy(() => import('../../pages/disputes-routes'));

export const disputesRoutePath = '/disputes/*';

/** The menu entry: 矛盾调解, for anyone who may read disputes. */
export const disputesNavigationEntry = {
  path: '/disputes',
  label: 'disputes',
  icon: createElement(SolutionOutlined),
  capability: 'dispute.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
