import { IdcardOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 下沉干部 as the console mounts it: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={cadresRoutePath} element={<RequireAbility capability="cadre.read" page={<CadresPage />} />} />
 * navigation.tsx: `cadresNavigationEntry` in `navigationEntries`.
 */

/** The cadres page, loaded when first opened. */
export const CadresPage = lazy(() => import('../../pages/cadres-page'));

export const cadresRoutePath = '/cadres';

/** The menu entry: 下沉干部, for anyone who may read the cadres of their area. */
export const cadresNavigationEntry = {
  path: '/cadres',
  label: 'cadres',
  icon: createElement(IdcardOutlined),
  capability: 'cadre.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
