import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { keptOnArrival } from '../first-page';
import { firstPageComponent } from './first-page-component';

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
