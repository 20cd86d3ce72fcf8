import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseCategory } from '../../shared/api/case-catalogue';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { TableAction } from '../components/table-action';
import { useIsPhone } from '../components/use-is-phone';
import { useCaseCategories, useTimeLimitText } from '../features/cases/case-catalogue-api';
import { CaseCountyPicker } from '../features/cases/case-county';
import { CaseCategoryFormModal, type CategoryFormTarget } from '../features/cases/case-category-form-modal';
import { CaseSettingsCard } from '../features/cases/case-settings-card';

/** 事项清单: the county's grid item catalogue (what can be reported, who handles it, by when) and its settings. */
export default function CasesCataloguePage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const categories = useCaseCategories();
  const limitText = useTimeLimitText();
  const [formTarget, setFormTarget] = useState<CategoryFormTarget>();
  const nextSortOrder = Math.max(0, ...categories.categories.map((category) => category.sortOrder)) + 1;

  const columns: TableColumnsType<CaseCategory> = [
    {
      title: t('cases.field.category'),
      key: 'name',
      fixed: isPhone ? undefined : 'start',
      render: (_: unknown, category) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{categories.nameOf(category.code)}</Typography.Text>
          <Typography.Text type="secondary">{category.code}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('cases.catalogue.kind'),
      dataIndex: 'kind',
      render: (kind: CaseCategory['kind']) => t(`cases.kind.${kind}`),
    },
    {
      title: t('cases.catalogue.defaultTier'),
      dataIndex: 'defaultTier',
      render: (tier: CaseCategory['defaultTier']) => t(`cases.tier.${tier}`),
    },
    {
      title: t('cases.catalogue.handlingLevel'),
      dataIndex: 'handlingLevel',
      render: (level: CaseCategory['handlingLevel']) => t(`cases.level.${level}`),
    },
    {
      title: t('cases.catalogue.department'),
      dataIndex: 'department',
      render: (text: string) => text || t('common.none'),
    },
    {
      title: t('cases.catalogue.generalLimit'),
      key: 'generalLimit',
      render: (_: unknown, category) => limitText(category.generalLimit),
    },
    {
      title: t('cases.catalogue.complexLimit'),
      key: 'complexLimit',
      render: (_: unknown, category) => limitText(category.complexLimit),
    },
    {
      title: t('cases.catalogue.isActive'),
      dataIndex: 'isActive',
      render: (isActive: boolean) =>
        isActive ? <Tag color="green">{t('cases.catalogue.active')}</Tag> : <Tag>{t('cases.catalogue.inactive')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: isPhone ? undefined : 'end',
      render: (_: unknown, category) => (
        <TableAction
          icon={<EditOutlined />}
          label={t('common.edit')}
          onClick={() => setFormTarget({ mode: 'edit', category })}
          data-testid={`edit-category-${category.code}`}
        />
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} className="full-width">
      <PageCard
        title={t('cases.catalogue.title')}
        actions={
          <Space wrap>
            <CaseCountyPicker />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormTarget({ mode: 'create' })}
              data-testid="add-category"
            >
              {t('cases.catalogue.add')}
            </Button>
          </Space>
        }
      >
        <QueryState query={categories}>
          {() => (
            <Table<CaseCategory>
              rowKey="code"
              size="middle"
              columns={columns}
              dataSource={categories.categories}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('cases.catalogue.empty') }}
              data-testid="category-table"
            />
          )}
        </QueryState>
        <CaseCategoryFormModal
          target={formTarget}
          nextSortOrder={nextSortOrder}
          onClose={() => setFormTarget(undefined)}
        />
      </PageCard>
      <CaseSettingsCard />
    </Space>
  );
}
