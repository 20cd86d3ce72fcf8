import { Button, List, SearchBar, Toast } from 'antd-mobile';
import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../../shared/api/session';
import type { Navigate } from '../navigation';
import { cacheGrid, gridEvents } from '../grid';
import { useT } from '../i18n';
import { listHouseholds, readMeta, type CachedHousehold } from '../store';
import { shortTime } from './parts';

const shownLimit = 100;

/** 我的网格: the grid's households from the phone's copy, searched by name, address or pinyin initials. */
export function HouseholdsScreen(props: { navigate: Navigate; session: Session; campaignId?: string }) {
  const t = useT();
  const [households, setHouseholds] = useState<CachedHousehold[]>();
  const [cachedAt, setCachedAt] = useState<string>();
  const [query, setQuery] = useState('');
  const [isRefreshing, setRefreshing] = useState(false);

  useEffect(() => {
    const read = () =>
      void Promise.all([listHouseholds(), readMeta('householdsCachedAt')]).then(([all, at]) => {
        all.sort((a, b) => a.address.localeCompare(b.address, 'zh-CN'));
        setHouseholds(all);
        setCachedAt(at);
      });
    read();
    // The copy made at sign-in may arrive while this screen is open.
    gridEvents.addEventListener('cached', read);
    return () => gridEvents.removeEventListener('cached', read);
  }, []);

  const matches = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return (households ?? []).filter((household) => words.every((word) => household.searchText.includes(word)));
  }, [households, query]);

  const refresh = async () => {
    setRefreshing(true);
    try {
      await cacheGrid(props.session);
    } catch (error) {
      Toast.show({ content: (error as Error).message });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <div>
      {props.campaignId ? <div className="field-section field-muted">{t('households.pickForCampaign')}</div> : null}
      <div className="field-section">
        <SearchBar placeholder={t('households.search')} value={query} onChange={setQuery} />
        <div className="field-muted" style={{ marginTop: 8 }}>
          {households?.length ? t('households.count', { count: matches.length }) : t('households.notCached')}
          {matches.length > shownLimit ? ` · ${t('households.shown', { count: shownLimit })}` : ''}
          {cachedAt ? ` · ${t('households.cachedAt', { time: shortTime(cachedAt) })}` : ''}
        </div>
      </div>
      <List>
        {matches.slice(0, shownLimit).map((household) => (
          <List.Item
            key={household.id}
            onClick={() =>
              props.navigate({ name: 'household', householdId: household.id, campaignId: props.campaignId })
            }
            description={household.address}
            extra={t('households.memberCount', { count: household.memberCount })}
          >
            {household.headName ?? household.address}
          </List.Item>
        ))}
      </List>
      <div className="field-section">
        <Button block loading={isRefreshing} onClick={() => void refresh()}>
          {t('households.refresh')}
        </Button>
      </div>
    </div>
  );
}
