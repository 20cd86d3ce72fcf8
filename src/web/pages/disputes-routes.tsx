import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import '../features/disputes/disputes.css';

const DisputesPage = lazy(() => import('./disputes-page'));
const DisputeDetailPage = lazy(() => import('./dispute-detail-page'));
const DisputeKindsPage = lazy(() => import('./dispute-kinds-page'));

/**
 * Everything under /disputes (behind `dispute.read`): the list with its figures, a dispute's own page, and the
 * county's dispute kinds (their page offers changes to county staff only; the server checks).
 */
export default function DisputesRoutes() {
  return (
    <Routes>
      <Route index element={<DisputesPage />} />
      <Route path="kinds" element={<DisputeKindsPage />} />
      <Route path=":disputeId" element={<DisputeDetailPage />} />
      <Route path="*" element={<Navigate to="/disputes" replace />} />
    </Routes>
  );
}
