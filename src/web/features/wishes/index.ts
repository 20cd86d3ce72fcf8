import { GiftOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 微心愿 as the console mounts it: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={wishesRoutePath} element={<RequireAbility capability="wish.read" page={<WishesPage />} />} />
 * navigation.tsx: `wishesNavigationEntry` in `navigationEntries` (its label is the `nav.wishes` message).
 */

/** The page, loaded when first opened; a wish opens in a drawer named in the address (?wish=<id>). */
export const WishesPage = lazy(() => import('../../pages/wishes-page'));

export const wishesRoutePath = '/wishes';

export const wishesNavigationEntry = {
  path: '/wishes',
  label: 'wishes',
  icon: createElement(GiftOutlined),
  capability: 'wish.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
