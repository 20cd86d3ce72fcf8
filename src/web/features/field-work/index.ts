import { CarryOutOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * Visit coverage and the visit plan as the console mounts them: two static routes (they win over any /visits/*
 * route of the visits pages) and one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={visitCoverageRoutePath} element={<RequireAbility capability="visit.read" page={<VisitCoveragePage />} />} />
 *   <Route path={visitPlanRoutePath} element={<RequireAbility capability="visit.read" page={<VisitPlanPage />} />} />
 */
export const VisitCoveragePage = lazy(() => import('../../pages/visit-coverage-page'));
export const VisitPlanPage = lazy(() => import('../../pages/visit-plan-page'));

export const visitCoverageRoutePath = '/visits/coverage';
export const visitPlanRoutePath = '/visits/plan';

/** The menu entry: 入户走访覆盖率, for anyone who may read visits. */
export const visitCoverageNavigationEntry = {
  path: visitCoverageRoutePath,
  label: 'visitCoverage',
  icon: createElement(CarryOutOutlined),
  capability: 'visit.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };

/** The menu entry: 走访计划. */
export const visitPlanNavigationEntry = {
  path: visitPlanRoutePath,
  label: 'visitPlan',
  icon: createElement(CarryOutOutlined),
  capability: 'visit.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
