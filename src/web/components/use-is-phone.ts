import { useSyncExternalStore } from 'react';

let phoneMedia: MediaQueryList | undefined;

/** Narrower than antd's `md` breakpoint (768 px): one query list for every caller, made at first use. */
function phoneQuery(): MediaQueryList {
  phoneMedia ??= window.matchMedia('(max-width: 767.98px)');
  return phoneMedia;
}

function subscribe(onChange: () => void): () => void {
  phoneQuery().addEventListener('change', onChange);
  return () => phoneQuery().removeEventListener('change', onChange);
}

function isPhoneNow(): boolean {
  return phoneQuery().matches;
}

/**
 * Below antd's `md` breakpoint: menu in a drawer, no fixed table columns, icon-only row actions. Read from the media
 * query in the first render: antd's Grid.useBreakpoint answers only after mount, so the whole frame rendered a second
 * time before the first page was painted.
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, isPhoneNow);
}
