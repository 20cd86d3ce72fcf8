import { Card, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useIsPhone } from './use-is-phone';

/**
 * A page in a card: its title, and its actions in the card's header on a desktop. A phone's header has no room for
 * buttons beside the title, so there they open the body instead.
 */
export function PageCard({
  title,
  actions,
  children,
  testId,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const isPhone = useIsPhone();
  return (
    <Card title={title} extra={isPhone ? undefined : actions} data-testid={testId}>
      {isPhone && actions ? (
        <Flex wrap gap={8} className="page-card-phone-actions">
          {actions}
        </Flex>
      ) : null}
      {children}
    </Card>
  );
}
