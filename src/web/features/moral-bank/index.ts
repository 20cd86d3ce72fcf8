import { BankOutlined } from '@ant-design/icons';
import { createElement, lazy } from 'react';
import type { Capability } from '../../../shared/policy';

/**
 * 道德银行 as the console mounts it: one route, one menu entry.
 *
 * app.tsx, inside the signed-in layout route:
 *   <Route path={moralBankRoutePath} element={<RequireAbility capability="moral_bank.read" page={<MoralBankPage />} />} />
 * navigation.tsx: `moralBankNavigationEntry` in `navigationEntries` (its label is the `nav.moralBank` message).
 */

/** The page, loaded when first opened. */
export const MoralBankPage = lazy(() => import('../../pages/moral-bank-page'));

export const moralBankRoutePath = '/moral-bank';

export const moralBankNavigationEntry = {
  path: '/moral-bank',
  label: 'moralBank',
  icon: createElement(BankOutlined),
  capability: 'moral_bank.read',
} as const satisfies { path: string; label: string; icon: unknown; capability: Capability };
