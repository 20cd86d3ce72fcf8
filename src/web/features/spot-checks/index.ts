import { EyeOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 督查抽查 as the console mounts it: one route, one menu entry (app.tsx and navigation.tsx name them).
 */

/** The spot checks page, loaded when first opened. */
export const SpotChecksPage = lazy(() => import('../../pages/spot-checks-page'));

export const spotChecksRoutePath = '/spot-checks';

/** The menu entry: 督查抽查, for anyone who reads the spot checks of their area (planned ones show only to planners). */
export const spotChecksNavigationEntry = {
  path: '/spot-checks',
  label: 'spotChecks',
  icon: createElement(EyeOutlined),
  capability: 'spot_check.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
