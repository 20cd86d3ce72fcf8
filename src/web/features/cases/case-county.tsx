import { Button, Select } from 'antd';
import { useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageResult } from '../../components/query-state';
import { useRegionChildren } from '../regions/regions-api';
import { useSignedInSession } from '../session/session-api';

const storagePrefix = 'gridlink.cases.county.';
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage can be blocked (private mode, strict settings): the first county is chosen each time.
    return null;
  }
}

function store(key: string, countyId: string): void {
  try {
    localStorage.setItem(key, countyId);
  } catch {
    // As above: the choice then lasts only until the next read.
  }
  listeners.forEach((listener) => listener());
}

/**
 * The county the case screens work in. An account inside a county works in its own (`countyId` undefined: the
 * server knows it); an account that spans counties (the system administrator) works in the one it chose last on
 * this device, at first the first of its counties.
 */
export function useCaseCounty() {
  const session = useSignedInSession();
  const spansCounties = session.regionId === null;
  const roots = useRegionChildren(undefined);
  const key = `${storagePrefix}${session.user.id}`;
  const stored = useSyncExternalStore(subscribe, () => readStored(key));
  const counties = spansCounties ? (roots.data ?? []).filter((region) => region.level === 'county') : [];
  const county = counties.find((region) => region.id === stored) ?? counties[0];
  return {
    spansCounties,
    counties,
    county,
    countyId: county?.id,
    /** Whether the county is known: always inside a county, once the counties are listed otherwise. */
    isReady: !spansCounties || county !== undefined,
    /** An account that spans counties on an installation that has none yet: no case screen can work. */
    hasNoCounty: spansCounties && roots.isSuccess && counties.length === 0,
    choose: (countyId: string) => store(key, countyId),
  };
}

/** The county picker of an account that spans counties; nothing for anyone else. */
export function CaseCountyPicker({ onChange }: { onChange?: (countyId: string) => void }) {
  const { t } = useTranslation();
  const { spansCounties, counties, countyId, choose } = useCaseCounty();
  if (!spansCounties) return null;
  return (
    <Select
      value={countyId}
      options={counties.map((county) => ({ value: county.id, label: county.name }))}
      onChange={(value: string) => {
        choose(value);
        onChange?.(value);
      }}
      prefix={t('cases.county.label')}
      title={t('cases.county.hint')}
      notFoundContent={t('cases.county.none')}
      className="cases-filter"
      data-testid="case-county"
    />
  );
}

/**
 * The case screens, or, for an account that spans counties on an installation without any county yet, what to do
 * first: cases are handled county by county, so until a county exists every case screen would wait for one.
 */
export function CaseCountyGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { hasNoCounty } = useCaseCounty();
  if (!hasNoCounty) return children;
  return (
    <PageResult
      status="info"
      title={t('cases.county.noneTitle')}
      subTitle={t('cases.county.noneHint')}
      extra={
        <Button type="primary" onClick={() => void navigate('/regions')}>
          {t('cases.county.toTerritory')}
        </Button>
      }
      data-testid="cases-no-county"
    />
  );
}
