import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireAbility } from '../components/guards';
import { RegistryLayout } from '../features/registry/registry-layout';

const RegistryResidentsPage = lazy(() => import('./registry-residents-page'));
const RegistryHouseholdsPage = lazy(() => import('./registry-households-page'));
const RegistryPlacesPage = lazy(() => import('./registry-places-page'));
const RegistryCoveragePage = lazy(() => import('./registry-coverage-page'));
const RegistryImportPage = lazy(() => import('./registry-import-page'));

/**
 * Everything under /registry (mounted at `/registry/*`, behind `registry.read`): the section tabs and drawers
 * around residents, households, places, coverage and the import wizard.
 */
export default function RegistryRoutes() {
  return (
    <Routes>
      <Route element={<RegistryLayout />}>
        <Route index element={<RegistryResidentsPage />} />
        <Route path="households" element={<RegistryHouseholdsPage />} />
        <Route path="places" element={<RegistryPlacesPage />} />
        <Route path="coverage" element={<RegistryCoveragePage />} />
        <Route path="import" element={<RequireAbility capability="registry.import" page={<RegistryImportPage />} />} />
        <Route path="*" element={<Navigate to="/registry" replace />} />
      </Route>
    </Routes>
  );
}
