import { Button, Flex, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitPlanDueFilter, VisitPlanItem } from '../../shared/api/field-work';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import { useVisitPlan } from '../features/field-work/field-work-api';
import { RegistryRegionFilter } from '../features/registry/registry-region-filter';
import { useRegistryRegion } from '../features/registry/registry-location';
import { useTags } from '../features/registry/tags-api';

const dueFilters: VisitPlanDueFilter[] = ['overdue', 'soon', 'all'];

/** 走访计划: a grid member's households by the date their next visit is due, the overdue first. */
export default function VisitPlanPage() {
  const { t, i18n } = useTranslation();
  const isPhone = useIsPhone();
  const { regionId } = useRegistryRegion();
  const [due, setDue] = useState<VisitPlanDueFilter>('overdue');
  const plan = useVisitPlan(regionId, due);
  const tags = useTags();
  const tagName = (code: string) => {
    const tag = tags.data?.find((definition) => definition.code === code);
    return tag ? (i18n.language === 'en' ? tag.nameEn : tag.nameZh) : code;
  };
  const items = plan.data?.pages.flatMap((page) => page.items) ?? [];
  const first = plan.data?.pages[0];

  const lastVisit = (item: VisitPlanItem) =>
    item.lastVisitDate === null ? (
      <Tag color="red">{t('fieldWork.plan.never')}</Tag>
    ) : (
      <>
        {item.lastVisitDate}{' '}
        <Typography.Text type="secondary">
          ({t('fieldWork.plan.daysSince', { count: item.daysSinceVisit ?? 0 })})
        </Typography.Text>
      </>
    );
  const dueDate = (item: VisitPlanItem) => (
    <Typography.Text type={item.isOverdue ? 'danger' : undefined} strong={item.isOverdue}>
      {item.dueDate}
    </Typography.Text>
  );
  const reasons = (item: VisitPlanItem) => item.reasonTags.map((code) => <Tag key={code}>{tagName(code)}</Tag>);

  const columns: TableColumnsType<VisitPlanItem> = [
    { title: t('fieldWork.plan.dueDate'), key: 'due', render: (_: unknown, item) => dueDate(item) },
    { title: t('fieldWork.plan.address'), dataIndex: 'address' },
    { title: t('fieldWork.plan.grid'), dataIndex: 'regionName' },
    { title: t('fieldWork.plan.lastVisit'), key: 'last', render: (_: unknown, item) => lastVisit(item) },
    {
      title: t('fieldWork.plan.interval'),
      dataIndex: 'intervalDays',
      render: (days: number) => t('fieldWork.plan.everyDays', { count: days }),
    },
    { title: t('fieldWork.plan.reason'), key: 'reason', render: (_: unknown, item) => reasons(item) },
  ];

  return (
    <PageCard title={t('fieldWork.plan.title')}>
      <Space orientation="vertical" size={16} className="full-width">
        <Flex wrap gap={12} align="center">
          <RegistryRegionFilter />
          <Segmented
            value={due}
            onChange={(value) => setDue(value as VisitPlanDueFilter)}
            options={dueFilters.map((name) => ({ value: name, label: t(`fieldWork.plan.${name}`) }))}
            data-testid="plan-due"
          />
        </Flex>
        {first ? (
          <Typography.Text type="secondary">
            {t('fieldWork.plan.today', { date: first.today })}{' '}
            {t('fieldWork.plan.rule', {
              special: first.rule.specialIntervalDays,
              other: first.rule.otherIntervalDays,
            })}
          </Typography.Text>
        ) : null}
        <QueryState query={plan}>
          {() =>
            isPhone ? (
              <List
                data-testid="visit-plan"
                dataSource={items}
                renderItem={(item) => (
                  <List.Item key={item.householdId}>
                    <List.Item.Meta
                      title={
                        <Flex justify="space-between" gap={8}>
                          <span>{item.address}</span>
                          {dueDate(item)}
                        </Flex>
                      }
                      description={
                        <Space orientation="vertical" size={2}>
                          <span>{lastVisit(item)}</span>
                          <span>
                            {item.regionName} · {t('fieldWork.plan.everyDays', { count: item.intervalDays })}{' '}
                            {reasons(item)}
                          </span>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Table
                rowKey="householdId"
                size="small"
                data-testid="visit-plan"
                columns={columns}
                dataSource={items}
                pagination={false}
              />
            )
          }
        </QueryState>
        {plan.hasNextPage ? (
          <Button onClick={() => void plan.fetchNextPage()} loading={plan.isFetchingNextPage}>
            {t('fieldWork.plan.loadMore')}
          </Button>
        ) : null}
      </Space>
    </PageCard>
  );
}
