import { Tabs } from 'antd';
import './registry.css';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Capability } from '../../../shared/policy';
import { useCan } from '../session/session-api';
import { HouseholdDrawer } from './household-drawer';
import { PersonDrawer } from './person-drawer';
import { useRegistryDrawer, useSearchKeepingRegion } from './registry-location';
import { useRegistryTranslation, type RegistryKey } from './use-registry-translation';

type RegistrySection = { path: string; label: RegistryKey; testId: string; capability: Capability };

/** The registry's sections, each its own address under /registry. */
const registrySections: RegistrySection[] = [
  {
    path: '/registry',
    label: 'registry.tabs.residents',
    testId: 'registry-tab-residents',
    capability: 'registry.read',
  },
  {
    path: '/registry/households',
    label: 'registry.tabs.households',
    testId: 'registry-tab-households',
    capability: 'registry.read',
  },
  {
    path: '/registry/places',
    label: 'registry.tabs.places',
    testId: 'registry-tab-places',
    capability: 'registry.read',
  },
  {
    path: '/registry/coverage',
    label: 'registry.tabs.coverage',
    testId: 'registry-tab-coverage',
    capability: 'registry.read',
  },
  {
    path: '/registry/import',
    label: 'registry.tabs.import',
    testId: 'registry-tab-import',
    capability: 'registry.import',
  },
];

/** 居民信息: the section tabs over the chosen list, and the person and household drawers any of them can open. */
export function RegistryLayout() {
  const { t } = useRegistryTranslation();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const search = useSearchKeepingRegion();
  const drawer = useRegistryDrawer();
  const path = location.pathname.replace(/\/+$/, '');

  return (
    <>
      <Tabs
        className="section-tabs"
        activeKey={path}
        onChange={(key) => void navigate(`${key}${search}`)}
        items={registrySections
          .filter((section) => can(section.capability))
          .map((section) => ({
            key: section.path,
            label: <span data-testid={section.testId}>{t(section.label)}</span>,
          }))}
      />
      <Outlet />
      <PersonDrawer
        personId={drawer.personId}
        onOpenPerson={drawer.openPerson}
        onOpenHousehold={drawer.openHousehold}
        onClose={drawer.close}
      />
      <HouseholdDrawer householdId={drawer.householdId} onOpenPerson={drawer.openPerson} onClose={drawer.close} />
    </>
  );
}
