import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireAbility } from '../components/guards';
import { CaseCountyGate } from '../features/cases/case-county';
import { CasesLayout } from '../features/cases/cases-layout';
import '../features/cases/cases.css';

const CasesInboxPage = lazy(() => import('./cases-inbox-page'));
const CasesMapPage = lazy(() => import('./cases-map-page'));
const CasesCataloguePage = lazy(() => import('./cases-catalogue-page'));
const CasesReportPage = lazy(() => import('./cases-report-page'));
const CasesDetailPage = lazy(() => import('./cases-detail-page'));

/**
 * Everything under /cases (mounted at `/cases/*`, behind `case.read`): the inbox, the map and the catalogue under
 * their tabs; the quick report and a case's own page on their own.
 */
export default function CasesRoutes() {
  return (
    <CaseCountyGate>
      <Routes>
        <Route element={<CasesLayout />}>
          <Route index element={<CasesInboxPage />} />
          <Route path="map" element={<CasesMapPage />} />
          <Route
            path="catalogue"
            element={<RequireAbility capability="case.configure" page={<CasesCataloguePage />} />}
          />
        </Route>
        <Route path="new" element={<RequireAbility capability="case.report" page={<CasesReportPage />} />} />
        <Route path=":caseId" element={<CasesDetailPage />} />
        <Route path="*" element={<Navigate to="/cases" replace />} />
      </Routes>
    </CaseCountyGate>
  );
}
