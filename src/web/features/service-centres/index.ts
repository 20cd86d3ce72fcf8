import { ShopOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 党群服务中心 as the console mounts it: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={serviceCentresRoutePath} element={<RequireAbility capability="service_centre.read" page={<ServiceCentresPage />} />} />
 * navigation.tsx: `serviceCentresNavigationEntry` in `navigationEntries` (its label is the `nav.serviceCentres` message).
 */

/** The page, loaded when first opened. */
export const ServiceCentresPage = lazy(() => import('../../pages/service-centres-page'));

export const serviceCentresRoutePath = '/service-centres';

export const serviceCentresNavigationEntry = {
  path: '/service-centres',
  label: 'serviceCentres',
  icon: createElement(ShopOutlined),
  capability: 'service_centre.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
