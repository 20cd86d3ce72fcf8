import { Badge, ConfigProvider, NavBar, NoticeBar, SpinLoading, TabBar } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Session } from '../shared/api/session';
import { ApiError, request, setCsrfToken } from './api';
import { cacheGrid, cacheLists } from './grid';
import { LanguageContext, rememberLanguage, storedLanguage, translator, type FieldLanguage } from './i18n';
import { HouseholdCard } from './screens/household-card';
import { HouseholdsScreen } from './screens/households';
import { MeScreen } from './screens/me';
import { QueueScreen } from './screens/queue';
import { ReportForm } from './screens/report-form';
import { SignInScreen } from './screens/sign-in';
import { TasksScreen } from './screens/tasks';
import { CheckInCard } from './screens/check-in';
import { VisitForm } from './screens/visit-form';
import { readMeta, writeMeta } from './store';
import { setSyncAccount, startSyncing, subscribe, syncState } from './sync';
import type { Navigate, Screen } from './navigation';
import { useQueue } from './use-queue';

// Inspections and disputes load when first opened: the initial JavaScript stays within its budget.
const InspectionForm = lazy(() =>
  import('./screens/inspection-form').then((module) => ({ default: module.InspectionForm })),
);
const DisputesScreen = lazy(() => import('./screens/disputes').then((module) => ({ default: module.DisputesScreen })));
const DisputeForm = lazy(() => import('./screens/disputes').then((module) => ({ default: module.DisputeForm })));
const SessionForm = lazy(() => import('./screens/disputes').then((module) => ({ default: module.SessionForm })));
const OutcomeForm = lazy(() => import('./screens/disputes').then((module) => ({ default: module.OutcomeForm })));
const RechecksScreen = lazy(() =>
  import('./screens/recheck-form').then((module) => ({ default: module.RechecksScreen })),
);
const RecheckForm = lazy(() => import('./screens/recheck-form').then((module) => ({ default: module.RecheckForm })));
const DepositForm = lazy(() => import('./screens/deposit-form').then((module) => ({ default: module.DepositForm })));
const WishForm = lazy(() => import('./screens/wish-form').then((module) => ({ default: module.WishForm })));

function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

/**
 * The app: asks who is signed in (the server, or the copy kept on the phone when there is no network), then the
 * five tabs. A session the server no longer knows keeps the queue and asks to sign in again.
 */
export function App() {
  const [language, setLanguage] = useState<FieldLanguage>(storedLanguage);
  const t = useMemo(() => translator(language), [language]);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [isExpired, setExpired] = useState(false);
  const [screen, setScreen] = useState<Screen>({ name: 'tasks' });
  const isOnline = useOnline();
  const sync = useSyncExternalStore(subscribe, syncState);
  const queue = useQueue();

  const adopt = useCallback(async (next: Session, options: { isFresh: boolean }) => {
    setCsrfToken(next.csrfToken);
    setSyncAccount(next.user.id);
    setSession(next);
    setExpired(false);
    await writeMeta('session', next);
    if (options.isFresh) {
      // The grid and the lists are copied to the phone while there is signal; a failure leaves the last copy.
      void Promise.all([cacheGrid(next), cacheLists()]).catch((error: unknown) => console.warn(error));
    }
  }, []);

  useEffect(() => {
    void (async () => {
      const kept = await readMeta('session');
      try {
        await adopt(await request<Session>('/session'), { isFresh: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 0 && kept) {
          // No network: work with the session kept on the phone; the server decides when the records arrive.
          await adopt(kept, { isFresh: false });
        } else {
          setExpired(kept !== undefined);
          setSession(null);
        }
      }
      startSyncing();
    })();
  }, [adopt]);

  const changeLanguage = (next: FieldLanguage) => {
    rememberLanguage(next);
    setLanguage(next);
  };

  const context = useMemo(() => ({ language, t }), [language, t]);
  let body;
  if (session === undefined) {
    body = (
      <div className="field-section" style={{ textAlign: 'center', marginTop: 80 }}>
        <SpinLoading />
      </div>
    );
  } else if (session === null || sync.needsSignIn) {
    // A 401 while sending: the queue stays; signing in again sends it.
    body = (
      <SignInScreen
        isExpired={isExpired || sync.needsSignIn}
        queuedOwner={queue.items[0]?.accountId}
        onSignedIn={(next) => void adopt(next, { isFresh: true })}
      />
    );
  } else {
    const navigate: Navigate = setScreen;
    const tabs = [
      { key: 'tasks', title: t('tabs.tasks') },
      { key: 'households', title: t('tabs.households') },
      { key: 'report', title: t('tabs.report') },
      { key: 'queue', title: t('tabs.queue'), badge: queue.items.length || undefined },
      { key: 'me', title: t('tabs.me') },
    ];
    const tabKey =
      ['household', 'visit', 'wish'].includes(screen.name) || (screen.name === 'deposit' && screen.householdId)
        ? 'households'
        : screen.name === 'fix'
          ? 'queue'
          : ['inspection', 'rechecks', 'recheck', 'disputes', 'dispute', 'session', 'outcome', 'deposit'].includes(
                screen.name,
              )
            ? 'tasks'
            : screen.name;
    body = (
      <>
        {!isOnline ? <NoticeBar content={t('common.offline')} color="alert" /> : null}
        {queue.items.length > 0 ? (
          <div
            className="field-section field-muted"
            data-testid="queue-count"
            onClick={() => setScreen({ name: 'queue' })}
          >
            {t('queue.count', { count: queue.items.length })}
          </div>
        ) : null}
        <div className="field-body">
          {screen.name === 'tasks' ? <TasksScreen navigate={navigate} isOnline={isOnline} /> : null}
          {screen.name === 'tasks' && session.user.role === 'cadre' ? <CheckInCard /> : null}
          {screen.name === 'households' ? (
            <HouseholdsScreen
              navigate={navigate}
              session={session}
              campaignId={'campaignId' in screen ? screen.campaignId : undefined}
            />
          ) : null}
          {screen.name === 'household' ? (
            <HouseholdCard householdId={screen.householdId} campaignId={screen.campaignId} navigate={navigate} />
          ) : null}
          {screen.name === 'visit' ? (
            <VisitForm
              householdId={screen.householdId}
              campaignId={screen.campaignId}
              session={session}
              navigate={navigate}
            />
          ) : null}
          <Suspense fallback={<SpinLoading />}>
            {screen.name === 'inspection' ? <InspectionForm session={session} navigate={navigate} /> : null}
            {screen.name === 'disputes' ? <DisputesScreen navigate={navigate} /> : null}
            {screen.name === 'dispute' ? <DisputeForm session={session} navigate={navigate} /> : null}
            {screen.name === 'session' ? (
              <SessionForm disputeId={screen.disputeId} session={session} navigate={navigate} />
            ) : null}
            {screen.name === 'outcome' ? (
              <OutcomeForm disputeId={screen.disputeId} session={session} navigate={navigate} />
            ) : null}
            {screen.name === 'rechecks' ? <RechecksScreen navigate={navigate} /> : null}
            {screen.name === 'recheck' ? (
              <RecheckForm inspectionId={screen.inspectionId} session={session} navigate={navigate} />
            ) : null}
            {screen.name === 'deposit' ? (
              <DepositForm householdId={screen.householdId} session={session} navigate={navigate} />
            ) : null}
            {screen.name === 'wish' ? (
              <WishForm householdId={screen.householdId} session={session} navigate={navigate} />
            ) : null}
          </Suspense>
          {screen.name === 'report' ? (
            <ReportForm
              key={'householdId' in screen ? screen.householdId : 'new'}
              householdId={'householdId' in screen ? screen.householdId : undefined}
              session={session}
              navigate={navigate}
            />
          ) : null}
          {screen.name === 'queue' || screen.name === 'fix' ? (
            <QueueScreen
              queue={queue}
              fixId={screen.name === 'fix' ? screen.recordId : undefined}
              navigate={navigate}
            />
          ) : null}
          {screen.name === 'me' ? (
            <MeScreen
              session={session}
              queue={queue}
              language={language}
              onLanguage={changeLanguage}
              onSignedOut={() => {
                setSyncAccount(undefined);
                setCsrfToken(undefined);
                setScreen({ name: 'tasks' });
                setSession(null);
              }}
            />
          ) : null}
        </div>
        <TabBar className="field-tabs" activeKey={tabKey} onChange={(key) => setScreen({ name: key as 'tasks' })}>
          {tabs.map((tab) => (
            <TabBar.Item
              key={tab.key}
              // A tab tapped while one of its screens is open (a household's card) goes back to the tab itself.
              title={
                <span onClick={() => setScreen({ name: tab.key as 'tasks' })}>
                  {tab.badge ? <Badge content={tab.badge}>{tab.title}</Badge> : tab.title}
                </span>
              }
            />
          ))}
        </TabBar>
      </>
    );
  }
  return (
    <LanguageContext.Provider value={context}>
      <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
        <div className="field-app">
          <NavBar className="field-nav" back={null}>
            {t('appName')}
          </NavBar>
          {body}
        </div>
      </ConfigProvider>
    </LanguageContext.Provider>
  );
}
