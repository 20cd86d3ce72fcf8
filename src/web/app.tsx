import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { describeError } from './api/errors';
import { firstPageComponent } from './components/first-page-component';
import { RedirectHome, RequireAbility, RequireSession } from './components/guards';
import { PageFailureBoundary } from './components/page-failure-boundary';
import { PageSpinner } from './components/query-state';
import { CasesRoutes, casesRoutePath } from './features/cases';
import { CampaignsRoutes, campaignsRoutePath } from './features/campaigns';
import { InspectionsRoutes, inspectionsRoutePath } from './features/inspections';
import { VisitCoveragePage, visitCoverageRoutePath, VisitPlanPage, visitPlanRoutePath } from './features/field-work';
import { DisputesRoutes, disputesRoutePath } from './features/disputes';
import { MoralBankPage, moralBankRoutePath } from './features/moral-bank';
import { ServiceCentresPage, serviceCentresRoutePath } from './features/service-centres';
import { PairingsRoutes, pairingsRoutePath, UnitsPage, unitsRoutePath } from './features/pairings';
import { Open311Page, open311RoutePath } from './features/open311';
import { WebhooksPage, webhooksRoutePath } from './features/webhooks';
import { ResidentAccountsPage, residentAccountsRoutePath } from './features/resident-accounts';
import { CadresPage, cadresRoutePath } from './features/cadres';
import { SpotChecksPage, spotChecksRoutePath } from './features/spot-checks';
import { RegistryRoutes, registryRoutePath } from './features/registry';
import { VisitPurposesPage, visitPurposesRoutePath, VisitsPage, visitsRoutePath } from './features/visits';
import { WishesPage, wishesRoutePath } from './features/wishes';
import { cspNonce } from './csp-nonce';
import { firstPageCode } from './first-page';
import { createQueryClient } from './query-client';

/**
 * Even the login page and the signed-in frame are loaded apart, so each page loads only its own code; the boot
 * script has started loading the one the user will see (first-page.ts).
 */
const LoginPage = firstPageComponent(firstPageCode.login, (module) => module.LoginPage);
const AppLayout = firstPageComponent(firstPageCode.frame, (module) => module.AppLayout);
const TerritoryPage = firstPageComponent(firstPageCode.region, (module) => module.default);
const ScopeMapPage = lazy(() => import('./pages/scope-map-page'));
const PartyPage = lazy(() => import('./pages/party-page'));
const AccountsPage = lazy(() => import('./pages/accounts-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));

/**
 * Zero-runtime: antd's component styles come from its prebuilt style sheet (imported in main.tsx) instead of being
 * generated in the browser at first render, which cost about a third of the first page's script time. Only the
 * theme's tokens are still written at runtime, as CSS variables.
 */
const theme = {
  token: { colorPrimary: '#1f5fbf', borderRadius: 6 },
  zeroRuntime: true,
};

function QueryProvider({ children }: { children: ReactNode }) {
  const { notification } = AntApp.useApp();
  const [queryClient] = useState(() =>
    createQueryClient((error) => {
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} csp={{ nonce: cspNonce }} theme={theme}>
      <AntApp>
        <QueryProvider>
          <BrowserRouter>
            <PageFailureBoundary>
              <Suspense fallback={<PageSpinner />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route
                    element={
                      <RequireSession>
                        <AppLayout />
                      </RequireSession>
                    }
                  >
                    <Route
                      path="/regions/:regionId?"
                      element={<RequireAbility capability="region.read" page={<TerritoryPage />} />}
                    />
                    <Route path="/map" element={<RequireAbility capability="region.read" page={<ScopeMapPage />} />} />
                    <Route path="/party" element={<RequireAbility capability="party.read" page={<PartyPage />} />} />
                    <Route
                      path="/accounts"
                      element={<RequireAbility capability="account.read" page={<AccountsPage />} />}
                    />
                    <Route
                      path={registryRoutePath}
                      element={<RequireAbility capability="registry.read" page={<RegistryRoutes />} />}
                    />
                    <Route
                      path={casesRoutePath}
                      element={<RequireAbility capability="case.read" page={<CasesRoutes />} />}
                    />
                    <Route
                      path={campaignsRoutePath}
                      element={<RequireAbility capability="campaign.read" page={<CampaignsRoutes />} />}
                    />
                    <Route
                      path={inspectionsRoutePath}
                      element={<RequireAbility capability="inspection.read" page={<InspectionsRoutes />} />}
                    />
                    <Route
                      path={visitsRoutePath}
                      element={<RequireAbility capability="visit.read" page={<VisitsPage />} />}
                    />
                    <Route
                      path={visitPurposesRoutePath}
                      element={<RequireAbility capability="case.configure" page={<VisitPurposesPage />} />}
                    />
                    <Route
                      path={disputesRoutePath}
                      element={<RequireAbility capability="dispute.read" page={<DisputesRoutes />} />}
                    />
                    <Route
                      path={moralBankRoutePath}
                      element={<RequireAbility capability="moral_bank.read" page={<MoralBankPage />} />}
                    />
                    <Route
                      path={serviceCentresRoutePath}
                      element={<RequireAbility capability="service_centre.read" page={<ServiceCentresPage />} />}
                    />
                    <Route
                      path={pairingsRoutePath}
                      element={<RequireAbility capability="pairing.read" page={<PairingsRoutes />} />}
                    />
                    <Route
                      path={cadresRoutePath}
                      element={<RequireAbility capability="cadre.read" page={<CadresPage />} />}
                    />
                    <Route
                      path={spotChecksRoutePath}
                      element={<RequireAbility capability="spot_check.read" page={<SpotChecksPage />} />}
                    />
                    <Route
                      path={wishesRoutePath}
                      element={<RequireAbility capability="wish.read" page={<WishesPage />} />}
                    />
                    <Route
                      path={open311RoutePath}
                      element={<RequireAbility capability="case.configure" page={<Open311Page />} />}
                    />
                    <Route
                      path={webhooksRoutePath}
                      element={<RequireAbility capability="case.configure" page={<WebhooksPage />} />}
                    />
                    <Route
                      path={residentAccountsRoutePath}
                      element={<RequireAbility capability="resident.manage" page={<ResidentAccountsPage />} />}
                    />
                    <Route
                      path={unitsRoutePath}
                      element={<RequireAbility capability="unit.read" page={<UnitsPage />} />}
                    />
                    <Route
                      path={visitCoverageRoutePath}
                      element={<RequireAbility capability="visit.read" page={<VisitCoveragePage />} />}
                    />
                    <Route
                      path={visitPlanRoutePath}
                      element={<RequireAbility capability="visit.read" page={<VisitPlanPage />} />}
                    />
                    <Route path="/audit" element={<RequireAbility capability="audit.read" page={<AuditPage />} />} />
                  </Route>
                  <Route path="*" element={<RedirectHome />} />
                </Routes>
              </Suspense>
            </PageFailureBoundary>
          </BrowserRouter>
        </QueryProvider>
      </AntApp>
    </ConfigProvider>
  );
}
