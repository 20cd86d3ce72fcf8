import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { childLevel } from '../../../shared/policy';
import { staffKinds } from '../../../shared/staff';
import { MountWhenOpened } from '../../components/mount-when-opened';
import { useCan } from '../session/session-api';
import { BoundaryExportButton, BoundaryImportButton } from './boundary-transfer';
import { ResidentPosterButton } from './resident-poster-button';
import type { RegionFormTarget } from './region-form-modal';
import type { RegionDetail } from '../../../shared/api/regions';

// The dialog loads on its first opening: the region page does not wait for its form.
const RegionFormModal = lazy(() =>
  import('./region-form-modal').then((module) => ({ default: module.RegionFormModal })),
);

/** The head of a region's page: where it sits, what it is, how many people work in it, and what one can do. */
export function RegionSummary({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const [formTarget, setFormTarget] = useState<RegionFormTarget>();
  const nextLevel = childLevel(region.level);

  return (
    <Card>
      <Breadcrumb
        className="region-breadcrumb"
        items={[
          ...region.ancestors.map((ancestor) => ({
            key: ancestor.id,
            title: <Link to={`/regions/${ancestor.id}`}>{ancestor.name}</Link>,
          })),
          { key: region.id, title: region.name },
        ]}
      />
      <Flex wrap justify="space-between" align="center" gap={12}>
        <Space align="center" wrap>
          <Typography.Title level={3} className="region-title" data-testid="region-title">
            {region.name}
          </Typography.Title>
          <Tag color="blue">{t(`level.${region.level}`)}</Tag>
          {region.kind ? <Tag>{region.kind}</Tag> : null}
        </Space>
        <Space wrap>
          {can('region.write') && nextLevel ? (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setFormTarget({ mode: 'create', parent: region })}
              data-testid="add-region"
            >
              {t('regions.addChild', { level: t(`level.${nextLevel}`) })}
            </Button>
          ) : null}
          {can('region.write') ? (
            <Button
              icon={<EditOutlined />}
              onClick={() => setFormTarget({ mode: 'edit', region })}
              data-testid="rename-region"
            >
              {t('regions.rename')}
            </Button>
          ) : null}
          <BoundaryExportButton region={region} />
          {can('boundary.write') && nextLevel ? <BoundaryImportButton region={region} /> : null}
          {can('resident.manage') ? <ResidentPosterButton region={region} /> : null}
        </Space>
      </Flex>
      <Descriptions
        size="small"
        className="region-facts"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          {
            key: 'code',
            label: t('regions.code'),
            children: <Typography.Text copyable>{region.code}</Typography.Text>,
          },
          { key: 'level', label: t('regions.level'), children: t(`level.${region.level}`) },
          { key: 'kind', label: t('regions.kind'), children: region.kind ?? t('common.none') },
          { key: 'children', label: t('regions.childCount'), children: region.childCount },
          {
            key: 'staff',
            label: t('regions.staffCounts'),
            span: 'filled',
            children: (
              <Space size={[4, 4]} wrap>
                {staffKinds.map((kind) => (
                  <Tag key={kind}>
                    {t(`staffKind.${kind}`)} {region.staffCounts[kind] ?? 0}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <MountWhenOpened open={formTarget !== undefined}>
        <RegionFormModal target={formTarget} onClose={() => setFormTarget(undefined)} />
      </MountWhenOpened>
    </Card>
  );
}
