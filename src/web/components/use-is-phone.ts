import { useSyncExternalStore } from 'react';

/** Narrower than antd's `md` breakpoint (768 px). */
const phoneQuery = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(phoneQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function isPhoneNow(): boolean {
  return window.matchMedia(phoneQuery).matches;
}

/**
 * Below antd's `md` breakpoint: menu in a drawer, no fixed table columns, icon-only row actions. Read from the media
 * query in the first render: antd's Grid.useBreakpoint answers only after mount, so the whole frame rendered a second
 * time before the first page was painted.
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, isPhoneNow);
}
