import { ConfigProvider, NavBar, SpinLoading, TabBar } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ResidentMe } from '../../shared/api/resident';
import type { Session } from '../../shared/api/session';
import { ApiError, request, setCsrfToken } from '../../mobile/api';
import { LanguageContext, rememberLanguage, storedLanguage, translator, type ResidentLanguage } from './i18n';
import { MyCases } from './my-cases';
import { MeScreen } from './me';
import { ReportScreen } from './report';
import { SignInScreen } from './sign-in';
import { MyWishes } from './wishes';

const tabs = ['report', 'cases', 'wishes', 'me'] as const;
type Tab = (typeof tabs)[number];

/** The tab a link opens (`/r/?tab=cases`: a text message's link to the resident's cases or wishes). */
function linkedTab(): Tab {
  const asked = new URLSearchParams(location.search).get('tab');
  return tabs.find((tab) => tab === asked) ?? 'report';
}

/**
 * Asks the server who is signed in: a resident sees the four tabs, anyone else (no session, or a staff session in
 * the same browser) the sign-in.
 */
export function App() {
  const [language, setLanguage] = useState<ResidentLanguage>(storedLanguage);
  const t = useMemo(() => translator(language), [language]);
  const [me, setMe] = useState<ResidentMe | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>(linkedTab);

  const adopt = useCallback(async (session: Session) => {
    if (session.role !== 'resident') return setMe(null);
    setCsrfToken(session.csrfToken);
    setMe(await request<ResidentMe>('/resident/me'));
  }, []);

  useEffect(() => {
    request<Session>('/session')
      .then(adopt)
      .catch(() => setMe(null));
  }, [adopt]);

  const signOut = async () => {
    await request('/session', { method: 'DELETE' }).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    });
    setCsrfToken(undefined);
    setMe(null);
    setTab('report');
  };

  const switchLanguage = () => {
    const next = language === 'en' ? 'zh-CN' : 'en';
    rememberLanguage(next);
    setLanguage(next);
  };

  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
      <LanguageContext.Provider value={{ language, t }}>
        <div className="resident-page">
          <NavBar
            back={null}
            right={
              <button type="button" className="resident-link" onClick={switchLanguage}>
                {t('language')}
              </button>
            }
          >
            {t('title')}
          </NavBar>
          <main className="resident-body">
            {me === undefined ? (
              <div className="resident-center">
                <SpinLoading />
              </div>
            ) : me === null ? (
              <SignInScreen onSignedIn={adopt} />
            ) : tab === 'report' ? (
              <ReportScreen me={me} onReported={() => setTab('cases')} />
            ) : tab === 'cases' ? (
              <MyCases />
            ) : tab === 'wishes' ? (
              <MyWishes />
            ) : (
              <MeScreen me={me} onSignOut={() => void signOut()} onOpen={setTab} />
            )}
          </main>
          {me ? (
            <TabBar activeKey={tab} onChange={(key) => setTab(key as Tab)} className="resident-tabs">
              <TabBar.Item key="report" title={t('tabs.report')} />
              <TabBar.Item key="cases" title={t('tabs.cases')} />
              <TabBar.Item key="wishes" title={t('tabs.wishes')} />
              <TabBar.Item key="me" title={t('tabs.me')} />
            </TabBar>
          ) : null}
        </div>
      </LanguageContext.Provider>
    </ConfigProvider>
  );
}
