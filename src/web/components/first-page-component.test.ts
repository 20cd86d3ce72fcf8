import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { keptOnArrival } from '../first-page';
import { firstPageComponent, useArrivedCode } from './first-page-component';

/** Renders as React first renders a page: what shows at once, the fallback where something suspended. */
function shownAtOnce(Page: () => unknown): string {
  return renderToString(createElement(Suspense, { fallback: 'loading' }, createElement(Page as () => null)));
}

const regionPage = () => createElement('h1', null, '北苑社区');

describe('a first-page component', () => {
  it('waits for its code like React.lazy while the code has not arrived', () => {
    const code = keptOnArrival(() => Promise.resolve({ RegionPage: regionPage }));
    expect(shownAtOnce(firstPageComponent(code, (module) => module.RegionPage))).toContain('loading');
  });

  it('renders at once, without suspending, once its code has arrived', async () => {
    const code = keptOnArrival(() => Promise.resolve({ RegionPage: regionPage }));
    await code();
    const shown = shownAtOnce(firstPageComponent(code, (module) => module.RegionPage));
    expect(shown).toContain('北苑社区');
    expect(shown).not.toContain('loading');
  });
});

describe('code used once it has arrived', () => {
  const mapOf = (code: ReturnType<typeof keptOnArrival<{ RegionPage: typeof regionPage }>>) =>
    function MapShell() {
      const module = useArrivedCode(code, true);
      return module ? createElement(module.RegionPage) : 'no map yet';
    };

  it('is there in the first render once it has arrived, without suspending', async () => {
    const code = keptOnArrival(() => Promise.resolve({ RegionPage: regionPage }));
    await code();
    const shown = shownAtOnce(mapOf(code));
    expect(shown).toContain('北苑社区');
    expect(shown).not.toContain('loading');
  });

  it('renders without it, not suspending, while it has not arrived', () => {
    const code = keptOnArrival(() => Promise.resolve({ RegionPage: regionPage }));
    const shown = shownAtOnce(mapOf(code));
    expect(shown).toContain('no map yet');
    expect(shown).not.toContain('loading');
  });
});

describe('code kept on arrival', () => {
  it('is loaded once, however often it is asked for', async () => {
    let loads = 0;
    const code = keptOnArrival(() => {
      loads += 1;
      return Promise.resolve({ RegionPage: regionPage });
    });
    await Promise.all([code(), code()]);
    await code();
    expect(loads).toBe(1);
  });

  it('is loaded again after a failed load', async () => {
    let loads = 0;
    const code = keptOnArrival(() => {
      loads += 1;
      return loads === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ RegionPage: regionPage });
    });
    await expect(code()).rejects.toThrow('offline');
    expect((await code()).RegionPage).toBe(regionPage);
    expect(code.arrived()?.RegionPage).toBe(regionPage);
    expect(loads).toBe(2);
  });
});
