import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import '../features/disputes/disputes.css';

const DisputesPage = lazy(() => import('./disputes-page'));
const DisputeDetailPage = lazy(() => import('./dispute-detail-page'));

/** Everything under /disputes (behind `dispute.read`): the list with its figures, and a dispute's own page. */
export default function DisputesRoutes() {
  return (
    <Routes>
      <Route index element={<DisputesPage />} />
      <Route path=":disputeId" element={<DisputeDetailPage />} />
      <Route path="*" element={<Navigate to="/disputes" replace />} />
    </Routes>
  );
}
