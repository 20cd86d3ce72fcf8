import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders its children once their place on the page comes into view, and keeps them from then on. The parts of a
 * page below the first screen (a region page's staff list: one of its requests and more than half of its elements)
 * then cost nothing — no request, no render — until someone scrolls to them. The placeholder keeps
 * their room (`.when-visible-placeholder`) so the page does not jump.
 */
export function WhenVisible({ children, testId }: { children: ReactNode; testId?: string }) {
  const [isVisible, setVisible] = useState(false);
  const placeholder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = placeholder.current;
    if (isVisible || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [isVisible]);
  return isVisible ? children : <div ref={placeholder} className="when-visible-placeholder" data-testid={testId} />;
}
