import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireAbility } from '../components/guards';

const InspectionsListPage = lazy(() => import('./inspections-list-page'));
const InspectionFormPage = lazy(() => import('./inspection-form-page'));
const InspectionDetailPage = lazy(() => import('./inspection-detail-page'));
const InspectionChecklistsPage = lazy(() => import('./inspection-checklists-page'));

/** Everything under /inspections (mounted at `/inspections/*`, behind `inspection.read`). */
export default function InspectionsRoutes() {
  return (
    <Routes>
      <Route index element={<InspectionsListPage />} />
      <Route path="new" element={<RequireAbility capability="inspection.record" page={<InspectionFormPage />} />} />
      <Route
        path="checklists"
        element={<RequireAbility capability="inspection.configure" page={<InspectionChecklistsPage />} />}
      />
      <Route path=":inspectionId" element={<InspectionDetailPage />} />
      <Route path="*" element={<Navigate to="/inspections" replace />} />
    </Routes>
  );
}
