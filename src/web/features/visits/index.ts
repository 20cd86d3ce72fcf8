import { HomeOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * The visits (入户走访) as the console mounts them: one page at /visits (the coverage and the plan have their own
 * static routes under it), one menu entry, and the history in the household drawer (loaded when it opens).
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={visitsRoutePath} element={<RequireAbility capability="visit.read" page={<VisitsPage />} />} />
 */
export const VisitsPage = lazy(() => import('../../pages/visits-page'));

export const visitsRoutePath = '/visits';

/** 走访事由: the county's purposes, kept by county staff (the server checks case.configure). */
export const VisitPurposesPage = lazy(() => import('../../pages/visit-purposes-page'));

export const visitPurposesRoutePath = '/visits/purposes';

/** The household drawer's visit history and needs. */
export const HouseholdVisits = lazy(() => import('./household-visits'));

/** The menu entry: 入户走访, for anyone who may read visits. */
export const visitsNavigationEntry = {
  path: '/visits',
  label: 'visits',
  icon: createElement(HomeOutlined),
  capability: 'visit.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
