import { useEffect, useState } from 'react';
import { listQueue, type QueuedRecord } from './store';
import { subscribe } from './sync';

export type QueueView = { items: QueuedRecord[]; reload: () => void };

/** The queue as stored, read again whenever the sync says it changed. */
export function useQueue(): QueueView {
  const [items, setItems] = useState<QueuedRecord[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => subscribe(() => setVersion((value) => value + 1)), []);
  useEffect(() => {
    let isCurrent = true;
    void listQueue().then((records) => {
      if (isCurrent) setItems(records);
    });
    return () => {
      isCurrent = false;
    };
  }, [version]);
  return { items, reload: () => setVersion((value) => value + 1) };
}
