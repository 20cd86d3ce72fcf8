import { IdcardOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * The registry (居民信息) as the console mounts it: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={registryRoutePath} element={<RequireAbility capability="registry.read" page={<RegistryRoutes />} />} />
 * navigation.tsx: `registryNavigationEntry` in `navigationEntries` (its label is the `nav.registry` message).
 */

/** The registry's pages, loaded when first opened; they route /registry, /registry/households … themselves. */
export const RegistryRoutes = lazy(() => import('../../pages/registry-routes'));

export const registryRoutePath = '/registry/*';

/** The menu entry: 居民信息, for anyone who may read the registry. */
export const registryNavigationEntry = {
  path: '/registry',
  label: 'registry',
  icon: createElement(IdcardOutlined),
  capability: 'registry.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
