import { Card, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useIsPhone } from '../../components/use-is-phone';

/**
 * A registry page: its title, and its actions in the card's header on a desktop. A phone's header has no room for
 * three buttons beside the title, so there they open the body instead.
 */
export function RegistryPageCard({
  title,
  actions,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const isPhone = useIsPhone();
  return (
    <Card title={title} extra={isPhone ? undefined : actions}>
      {isPhone && actions ? (
        <Flex wrap gap={8} className="registry-phone-actions">
          {actions}
        </Flex>
      ) : null}
      {children}
    </Card>
  );
}
