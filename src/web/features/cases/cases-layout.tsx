import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Capability } from '../../../shared/policy';
import type { CasesMessages } from '../../i18n/cases.zh-CN';
import { useCan } from '../session/session-api';

type CasesSection = { path: string; label: keyof CasesMessages['tabs']; capability: Capability };

/** The case screens' sections, each its own address under /cases. */
const casesSections: CasesSection[] = [
  { path: '/cases', label: 'inbox', capability: 'case.read' },
  { path: '/cases/map', label: 'map', capability: 'case.read' },
  { path: '/cases/catalogue', label: 'catalogue', capability: 'case.configure' },
];

/** 案件: the section tabs over the inbox, the map of open cases and (for the county) the item catalogue. */
export function CasesLayout() {
  const { t } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const path = location.pathname.replace(/\/+$/, '');
  return (
    <>
      <Tabs
        className="section-tabs"
        activeKey={path}
        onChange={(key) => void navigate(key)}
        items={casesSections
          .filter((section) => can(section.capability))
          .map((section) => ({
            key: section.path,
            label: <span data-testid={`cases-tab-${section.label}`}>{t(`cases.tabs.${section.label}`)}</span>,
          }))}
      />
      <Outlet />
    </>
  );
}
