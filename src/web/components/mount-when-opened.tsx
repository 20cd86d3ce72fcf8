import { Suspense, useState, type ReactNode } from 'react';

/**
 * Mounts a dialog loaded on demand (React.lazy) from the first time it opens and keeps it mounted after: its code
 * loads on the first click instead of with the page, and it still closes with its animation.
 */
export function MountWhenOpened({ open, children }: { open: boolean; children: ReactNode }) {
  const [wasOpened, setWasOpened] = useState(open);
  if (open && !wasOpened) setWasOpened(true);
  return open || wasOpened ? <Suspense fallback={null}>{children}</Suspense> : null;
}
