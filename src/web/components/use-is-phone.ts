import { Grid } from 'antd';

/** Below antd's `md` breakpoint (768 px): menu in a drawer, no fixed table columns, icon-only row actions. */
export function useIsPhone(): boolean {
  // `md` is undefined until the first measurement; treating that as "not a phone" avoids a drawer flash on desktops.
  return Grid.useBreakpoint().md === false;
}
