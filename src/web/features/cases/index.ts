import { AlertOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * The cases (案件) as the console mounts them: one route, one menu entry, the bell in the header.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={casesRoutePath} element={<RequireAbility capability="case.read" page={<CasesRoutes />} />} />
 * navigation.tsx: `casesNavigationEntry` in `navigationEntries` (its label is the `nav.cases` message).
 */

/** The case pages, loaded when first opened; they route /cases, /cases/new, /cases/:caseId … themselves. */
export const CasesRoutes = lazy(() => import('../../pages/cases-routes'));

export const casesRoutePath = '/cases/*';

/** The menu entry: 案件, for anyone who may read cases. */
export const casesNavigationEntry = {
  path: '/cases',
  label: 'cases',
  icon: createElement(AlertOutlined),
  capability: 'case.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
