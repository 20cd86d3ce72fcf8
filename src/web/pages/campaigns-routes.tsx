import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

const CampaignsPage = lazy(() => import('./campaigns-page'));
const CampaignPage = lazy(() => import('./campaign-page'));
const CampaignKindsPage = lazy(() => import('./campaign-kinds-page'));

/**
 * Everything under /campaigns (mounted at `/campaigns/*`, behind `campaign.read`): the list, a campaign's page and
 * the county's kinds of campaign (linked for county staff only; the server checks).
 */
export default function CampaignsRoutes() {
  return (
    <Routes>
      <Route index element={<CampaignsPage />} />
      <Route path="kinds" element={<CampaignKindsPage />} />
      <Route path=":campaignId" element={<CampaignPage />} />
      <Route path="*" element={<Navigate to="/campaigns" replace />} />
    </Routes>
  );
}
