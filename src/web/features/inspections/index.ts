import { SafetyOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * The hazard inspections (隐患排查) as the console mounts them: one route (the list with its figures, the form, an
 * inspection's page, the county's checklists), one menu entry, and a place's history on the places page.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={inspectionsRoutePath} element={<RequireAbility capability="inspection.read" page={<InspectionsRoutes />} />} />
 */
export const InspectionsRoutes = lazy(() => import('../../pages/inspections-routes'));

export const inspectionsRoutePath = '/inspections/*';

/** A place's inspection history in a drawer, loaded when first opened. */
export const PlaceInspectionsDrawer = lazy(() => import('./place-inspections-drawer'));

/** The menu entry: 隐患排查, for anyone who may read inspections. */
export const inspectionsNavigationEntry = {
  path: '/inspections',
  label: 'inspections',
  icon: createElement(SafetyOutlined),
  capability: 'inspection.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
