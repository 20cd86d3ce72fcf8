import { useQuery } from '@tanstack/react-query';
import { Button, Empty, List, Popover, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cadre, CadreSpotCheckList } from '../../../shared/api/cadres';
import { request } from '../../api/client';
import { QueryState } from '../../components/query-state';
import { cadresKey } from './cadres-api';

const outcomeColour = { at_post: 'green', absent: 'red', roll_call_only: 'orange' } as const;

/** What the spot checks found of one cadre, asked for when opened. */
function useCadreSpotChecks(cadreId: string, isEnabled: boolean) {
  return useQuery({
    queryKey: [...cadresKey, 'spot-checks', cadreId],
    queryFn: ({ signal }) =>
      request<CadreSpotCheckList>(`/cadres/${encodeURIComponent(cadreId)}/spot-checks`, { signal }).then(
        (answer) => answer.items,
      ),
    enabled: isEnabled,
  });
}

/** 督查记录: each check that found the cadre, when, at post or not, where and doing what. */
export function CadreSpotChecksButton({ cadre }: { cadre: Cadre }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const records = useCadreSpotChecks(cadre.id, isOpen);
  return (
    <Popover
      open={isOpen}
      onOpenChange={setOpen}
      trigger="click"
      title={t('cadres.spotChecks.action')}
      content={
        <div style={{ width: 300, maxWidth: 'calc(100vw - 64px)' }} data-testid="cadre-spot-checks">
          <QueryState query={records}>
            {() =>
              (records.data ?? []).length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cadres.spotChecks.empty')} />
              ) : (
                <List
                  size="small"
                  dataSource={records.data}
                  renderItem={(item) => (
                    <List.Item key={item.spotCheckId}>
                      <List.Item.Meta
                        title={
                          <>
                            {item.checkOn} {item.title}{' '}
                            <Tag color={outcomeColour[item.outcome]}>{t(`spotChecks.outcomes.${item.outcome}`)}</Tag>
                          </>
                        }
                        description={
                          <Typography.Text type="secondary">
                            {t('cadres.spotChecks.found', { place: item.place || '—', activity: item.activity || '—' })}
                          </Typography.Text>
                        }
                      />
                    </List.Item>
                  )}
                />
              )
            }
          </QueryState>
        </div>
      }
    >
      <Button size="small" data-testid="cadre-spot-checks-open">
        {t('cadres.spotChecks.action')}
      </Button>
    </Popover>
  );
}
