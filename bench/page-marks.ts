/** An element the browser tests and the console bench wait for, and the performance mark set when it appears. */
export type PageMark = { selector: string; mark: string };

/** The region page's title. */
export const titleShown: PageMark = { selector: '[data-testid="region-title"]', mark: 'title-shown' };
/** The region map's first area. */
export const mapDrawn: PageMark = {
  selector: '[data-testid="region-map"] path.leaflet-interactive',
  mark: 'map-drawn',
};

/**
 * An init script (`page.addInitScript(markWhenShown, titleShown)`) that marks the moment the element is in the page,
 * in its own clock (`performance.getEntriesByName(mark)`): a mutation observer runs before the browser paints it.
 */
export function markWhenShown({ selector, mark }: PageMark): void {
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    performance.mark(mark);
    observer.disconnect();
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true }),
  );
}
