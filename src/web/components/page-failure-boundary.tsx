import { Button, Flex, Typography } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

function PageFailure() {
  const { t } = useTranslation();
  return (
    <Flex vertical align="center" gap={8} className="page-failure" data-testid="page-failure">
      <Typography.Title level={4}>{t('pageFailure.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('pageFailure.detail')}</Typography.Text>
      <Button type="primary" onClick={() => window.location.reload()} data-testid="page-failure-reload">
        {t('pageFailure.reload')}
      </Button>
    </Flex>
  );
}

type BoundaryProps = { resetKey: string; children: ReactNode };
type BoundaryState = { hasFailed: boolean; resetKey: string };

class FailureBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { hasFailed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<BoundaryState> {
    return { hasFailed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { hasFailed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.hasFailed ? <PageFailure /> : this.props.children;
  }
}

/**
 * A page that fails to render — most often its code could not be loaded: the network dropped, or gridlink was updated
 * and the old files are gone — says so in its place, with a reload, instead of React taking the whole console down
 * to a blank page. Going to another address (the menu stays) clears it.
 */
export function PageFailureBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <FailureBoundary resetKey={pathname}>{children}</FailureBoundary>;
}
