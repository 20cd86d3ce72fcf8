import { ApartmentOutlined, HeartOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 结对帮扶 and 共建单位 as the console mounts them: two routes, two menu entries.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={pairingsRoutePath} element={<RequireAbility capability="pairing.read" page={<PairingsRoutes />} />} />
 *   <Route path={unitsRoutePath} element={<RequireAbility capability="unit.read" page={<UnitsPage />} />} />
 * navigation.tsx: `pairingsNavigationEntry` and `unitsNavigationEntry` in `navigationEntries`.
 */

/** The pairing pages, loaded when first opened; they route /pairings and /pairings/:pairingId themselves. */
export const PairingsRoutes = lazy(() => import('../../pages/pairings-routes'));
export const UnitsPage = lazy(() => import('../../pages/units-page'));

export const pairingsRoutePath = '/pairings/*';
export const unitsRoutePath = '/units';

/** The menu entry: 结对帮扶, for anyone who may read pairings. */
export const pairingsNavigationEntry = {
  path: '/pairings',
  label: 'pairings',
  icon: createElement(HeartOutlined),
  capability: 'pairing.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };

/** The menu entry: 共建单位, the county's list every account reads. */
export const unitsNavigationEntry = {
  path: '/units',
  label: 'units',
  icon: createElement(ApartmentOutlined),
  capability: 'unit.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
