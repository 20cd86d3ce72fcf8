import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

const CampaignsPage = lazy(() => import('./campaigns-page'));
const CampaignPage = lazy(() => import('./campaign-page'));

/** Everything under /campaigns (mounted at `/campaigns/*`, behind `campaign.read`): the list and a campaign's page. */
export default function CampaignsRoutes() {
  return (
    <Routes>
      <Route index element={<CampaignsPage />} />
      <Route path=":campaignId" element={<CampaignPage />} />
      <Route path="*" element={<Navigate to="/campaigns" replace />} />
    </Routes>
  );
}
