/** An element the browser tests and the console bench wait for, and the performance mark set when it appears. */
export type PageMark = { selector: string; mark: string };

/** The region page's title. */
export const titleShown: PageMark = { selector: '[data-testid="region-title"]', mark: 'title-shown' };
/** The region map's first area. */
export const mapDrawn: PageMark = {
  selector: '[data-testid="region-map"] path.leaflet-interactive',
  mark: 'map-drawn',
};

/** The mark `markWhenShown` sets once the frame that shows the element has been painted. */
export function paintedMark({ mark }: PageMark): string {
  return `${mark}:painted`;
}

/**
 * An init script (`page.addInitScript(markWhenShown, titleShown)`) that marks the moment the element is in the page,
 * in its own clock (`performance.getEntriesByName(mark)`): a mutation observer runs before the browser paints it.
 * A second mark (`paintedMark`) follows the frame that shows it: a task queued from that frame's animation callback
 * runs once the frame has been painted, which is when a person can see the element.
 */
export function markWhenShown({ selector, mark }: PageMark): void {
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    performance.mark(mark);
    observer.disconnect();
    // paintedMark's name, spelled out: an init script runs alone in the page.
    requestAnimationFrame(() => setTimeout(() => performance.mark(`${mark}:painted`)));
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true }),
  );
}
