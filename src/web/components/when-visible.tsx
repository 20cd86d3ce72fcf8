import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

/**
 * True once the element has come into view, and from then on. The browser reports it after it has drawn the page,
 * so what waits for it never holds up the first picture either.
 */
export function useHasBeenVisible(element: RefObject<HTMLElement | null>): boolean {
  const [isVisible, setVisible] = useState(false);
  useEffect(() => {
    const observed = element.current;
    if (isVisible || !observed) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
    });
    observer.observe(observed);
    return () => observer.disconnect();
  }, [element, isVisible]);
  return isVisible;
}

/**
 * Renders its children once their place on the page comes into view, and keeps them from then on. The parts of a
 * page below the first screen (a region page's staff list: one of its requests and more than half of its elements)
 * then cost nothing — no request, no render — until someone scrolls to them. The placeholder keeps
 * their room (`.when-visible-placeholder`) so the page does not jump.
 */
export function WhenVisible({ children, testId }: { children: ReactNode; testId?: string }) {
  const placeholder = useRef<HTMLDivElement>(null);
  const isVisible = useHasBeenVisible(placeholder);
  return isVisible ? children : <div ref={placeholder} className="when-visible-placeholder" data-testid={testId} />;
}
