import { KeyOutlined, LogoutOutlined, MenuOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Layout, Menu, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useCan, useSignedInSession, useSignOut } from '../features/session/session-api';
import { firstPageCode } from '../first-page';
import { firstPageComponent } from './first-page-component';
import { LanguageSwitch } from './language-switch';
import { navigationEntries } from './navigation';
import { PageFailureBoundary } from './page-failure-boundary';
import { PageSpinner } from './query-state';
import { useIsPhone } from './use-is-phone';

/**
 * The bell (with its list and tabs) is loaded apart, from the start beside the frame (first-page.ts); the password
 * forms when opened: the first page does not wait for code that nobody needs before a click.
 */
const NotificationBell = firstPageComponent(firstPageCode.bell, (module) => module.NotificationBell);
const ChangePasswordModal = lazy(() =>
  import('../features/session/change-password-modal').then((module) => ({ default: module.ChangePasswordModal })),
);
const SecondFactorModal = lazy(() =>
  import('../features/session/second-factor-modal').then((module) => ({ default: module.SecondFactorModal })),
);

function Brand({ isCollapsed = false }: { isCollapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/regions" className="brand">
      <span className="brand-mark" aria-hidden>
        格
      </span>
      {isCollapsed ? null : <span className="brand-name">{t('app.name')}</span>}
    </Link>
  );
}

function NavigationMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const selected = navigationEntries.find((entry) => location.pathname.startsWith(entry.path))?.path;
  return (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={navigationEntries
        .filter((entry) => can(entry.capability))
        .map((entry) => ({
          key: entry.path,
          icon: entry.icon,
          label: (
            <Link to={entry.path} onClick={onNavigate}>
              {t(`nav.${entry.label}`)}
            </Link>
          ),
        }))}
    />
  );
}

function UserMenu({ isCompact }: { isCompact: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const signOut = useSignOut();
  // A dispatching unit's account speaks for its unit, not for the county it is anchored at.
  const scope = session.user.unit?.name ?? session.user.regionName ?? t('header.wholeSystem');
  const roleName = t(`role.${session.role}`);
  const leave = () => signOut.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });
  const [isChangingPassword, setChangingPassword] = useState(false);
  const [isSecuring, setSecuring] = useState(false);
  const passwordModal = (
    <Suspense fallback={null}>
      {isChangingPassword ? <ChangePasswordModal open onClose={() => setChangingPassword(false)} /> : null}
      {isSecuring ? <SecondFactorModal open onClose={() => setSecuring(false)} /> : null}
    </Suspense>
  );

  if (isCompact) {
    return (
      <>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'who', label: session.user.displayName, disabled: true },
              { key: 'role', label: `${roleName} · ${scope}`, disabled: true },
              { type: 'divider' },
              {
                key: 'change-password',
                icon: <KeyOutlined />,
                label: t('header.changePassword'),
                onClick: () => setChangingPassword(true),
              },
              {
                key: 'second-factor',
                icon: <SafetyOutlined />,
                label: t('secondFactor.title'),
                onClick: () => setSecuring(true),
              },
              { key: 'sign-out', icon: <LogoutOutlined />, label: t('header.signOut'), onClick: leave },
            ],
          }}
        >
          <Button
            type="text"
            icon={<Avatar size="small" icon={<UserOutlined />} />}
            aria-label={session.user.displayName}
          />
        </Dropdown>
        {passwordModal}
      </>
    );
  }
  return (
    <Flex align="center" gap={12}>
      <Flex vertical className="user-identity">
        <Typography.Text strong data-testid="user-display-name">
          {session.user.displayName}
        </Typography.Text>
        <Typography.Text type="secondary" className="user-scope">
          <Tag color="red" variant="outlined">
            {roleName}
          </Tag>
          {scope}
        </Typography.Text>
      </Flex>
      <Button icon={<KeyOutlined />} onClick={() => setChangingPassword(true)} data-testid="change-password">
        {t('header.changePassword')}
      </Button>
      <Button icon={<SafetyOutlined />} onClick={() => setSecuring(true)} data-testid="second-factor">
        {t('secondFactor.title')}
      </Button>
      {passwordModal}
      <Button icon={<LogoutOutlined />} onClick={leave} loading={signOut.isPending} data-testid="sign-out">
        {t('header.signOut')}
      </Button>
    </Flex>
  );
}

/** The signed-in frame: side menu (a drawer on phones), header with the user and their scope, the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [isSiderCollapsed, setSiderCollapsed] = useState(false);
  const [isDrawerOpen, setDrawerOpen] = useState(false);

  return (
    <Layout className="app-shell">
      {isPhone ? null : (
        <Layout.Sider
          theme="light"
          collapsible
          collapsed={isSiderCollapsed}
          onCollapse={setSiderCollapsed}
          breakpoint="lg"
          width={208}
          className="app-sider"
        >
          <Brand isCollapsed={isSiderCollapsed} />
          <NavigationMenu />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          {isPhone ? (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('header.menu')}
                onClick={() => setDrawerOpen(true)}
                data-testid="menu-button"
              />
              <Brand />
            </>
          ) : null}
          <div className="app-header-spacer" />
          {/* Everyone has one: a dispatching unit's account, which reads no cases, hears of the reports sent to it. */}
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <LanguageSwitch isCompact={isPhone} />
          <UserMenu isCompact={isPhone} />
        </Layout.Header>
        <Layout.Content className="app-content">
          <PageFailureBoundary>
            <Suspense fallback={<PageSpinner />}>
              <Outlet />
            </Suspense>
          </PageFailureBoundary>
        </Layout.Content>
      </Layout>
      {isPhone ? (
        <Drawer
          placement="left"
          open={isDrawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          title={<Brand />}
          styles={{ body: { padding: 0 } }}
        >
          <NavigationMenu onNavigate={() => setDrawerOpen(false)} />
          {/* On a phone, the field app (/m/) is made for it: it works without signal. */}
          <a className="field-app-link" href="/m/" style={{ display: 'block', padding: '12px 24px' }}>
            {t('nav.fieldApp')}
          </a>
        </Drawer>
      ) : null}
    </Layout>
  );
}
