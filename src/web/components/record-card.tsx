import { Card, type CardProps } from 'antd';
import type { KeyboardEvent } from 'react';

/**
 * A record as a card, as lists show them on a phone. With `onOpen` it opens on a tap, or from the keyboard with Enter
 * or Space, and is announced as a link (or the role given); without, it is a plain card.
 */
export function RecordCard({ onOpen, role = 'link', ...card }: CardProps & { onOpen?: () => void }) {
  if (!onOpen) return <Card size="small" className="record-card" {...card} />;
  const openOnKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen();
    }
  };
  return (
    <Card
      size="small"
      hoverable
      className="record-card"
      onClick={onOpen}
      onKeyDown={openOnKey}
      tabIndex={0}
      role={role}
      {...card}
    />
  );
}
