import { AuditOutlined, ClusterOutlined, EnvironmentOutlined, FlagOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Capability } from '../../shared/policy';
import { casesNavigationEntry } from '../features/cases';
import { campaignsNavigationEntry } from '../features/campaigns';
import { inspectionsNavigationEntry } from '../features/inspections';
import { visitCoverageNavigationEntry, visitPlanNavigationEntry } from '../features/field-work';
import { disputesNavigationEntry } from '../features/disputes';
import { moralBankNavigationEntry } from '../features/moral-bank';
import { serviceCentresNavigationEntry } from '../features/service-centres';
import { pairingsNavigationEntry, unitsNavigationEntry } from '../features/pairings';
import { open311NavigationEntry } from '../features/open311';
import { webhooksNavigationEntry } from '../features/webhooks';
import { residentAccountsNavigationEntry } from '../features/resident-accounts';
import { cadresNavigationEntry } from '../features/cadres';
import { spotChecksNavigationEntry } from '../features/spot-checks';
import { registryNavigationEntry } from '../features/registry';
import { visitsNavigationEntry } from '../features/visits';
import { wishesNavigationEntry } from '../features/wishes';
import type { Messages } from '../i18n/zh-CN';

type NavigationEntry = { path: string; label: keyof Messages['nav']; icon: ReactNode; capability: Capability };

/** The console's sections and the capability each needs; the menu and the route guards both read this. */
export const navigationEntries: NavigationEntry[] = [
  { path: '/regions', label: 'regions', icon: <ClusterOutlined />, capability: 'region.read' },
  { path: '/map', label: 'map', icon: <EnvironmentOutlined />, capability: 'region.read' },
  casesNavigationEntry,
  registryNavigationEntry,
  // Field work: the visits, a grid member's plan of them, the coverage the village reports, then the rest on foot.
  visitsNavigationEntry,
  visitPlanNavigationEntry,
  visitCoverageNavigationEntry,
  campaignsNavigationEntry,
  inspectionsNavigationEntry,
  disputesNavigationEntry,
  moralBankNavigationEntry,
  serviceCentresNavigationEntry,
  pairingsNavigationEntry,
  cadresNavigationEntry,
  spotChecksNavigationEntry,
  wishesNavigationEntry,
  unitsNavigationEntry,
  { path: '/party', label: 'party', icon: <FlagOutlined />, capability: 'party.read' },
  open311NavigationEntry,
  webhooksNavigationEntry,
  residentAccountsNavigationEntry,
  { path: '/accounts', label: 'accounts', icon: <TeamOutlined />, capability: 'account.read' },
  { path: '/audit', label: 'audit', icon: <AuditOutlined />, capability: 'audit.read' },
];
