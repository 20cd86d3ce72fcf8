import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimeSplit } from '../../../shared/api/cadres';

/** The 721 method's shares (seed 003), to read each worker's split against. */
const target = { grid: 70, desk: 20, rotation: 10 } as const;

/**
 * A worker's 721 split: the share of their records in the grid, at the service desk and on rotation, each with its
 * count, against the method's 70 / 20 / 10.
 */
export function TimeSplitLine({ split }: { split: TimeSplit }) {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={4} align="center" data-testid="time-split">
      <Typography.Text type="secondary">{t('cadres.timeSplit.title')}</Typography.Text>
      {split.records === 0 ? (
        <Typography.Text type="secondary">{t('cadres.timeSplit.noRecords')}</Typography.Text>
      ) : (
        (['grid', 'desk', 'rotation'] as const).map((place) => {
          const share = split[`${place}Percent`] ?? 0;
          return (
            <Tag key={place} color={place === 'grid' && share < target.grid ? 'orange' : undefined}>
              {t(`cadres.timeSplit.${place}`, { percent: share, count: split[place], target: target[place] })}
            </Tag>
          );
        })
      )}
    </Flex>
  );
}
