import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import '../features/pairings/pairings.css';

const PairingsPage = lazy(() => import('./pairings-page'));
const PairingDetailPage = lazy(() => import('./pairing-detail-page'));

/** Everything under /pairings (behind `pairing.read`): the tabs of lists and figures, and a pairing's own page. */
export default function PairingsRoutes() {
  return (
    <Routes>
      <Route index element={<PairingsPage />} />
      <Route path=":pairingId" element={<PairingDetailPage />} />
      <Route path="*" element={<Navigate to="/pairings" replace />} />
    </Routes>
  );
}
