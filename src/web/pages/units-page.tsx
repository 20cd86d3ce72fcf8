import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../shared/api/units';
import { unitKinds } from '../../shared/units';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { TableAction } from '../components/table-action';
import { CaseCountyPicker, useCaseCounty } from '../features/cases/case-county';
import { useSaveUnit, useUnits } from '../features/pairings/pairings-api';
import { useCan } from '../features/session/session-api';

type UnitValues = Pick<Unit, 'name' | 'kind' | 'contactName' | 'contactPhone'>;

/** 共建单位: the county's departments, enterprises, schools … that pair with villages and send cadres down. */
export default function UnitsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { countyId } = useCaseCounty();
  const [isShowingRetired, setShowingRetired] = useState(false);
  const units = useUnits({ countyId, includeRetired: isShowingRetired });
  const save = useSaveUnit(countyId);
  const [editing, setEditing] = useState<Unit | 'new'>();
  const mayManage = can('unit.manage');

  const columns: TableColumnsType<Unit> = [
    { title: t('pairings.units.name'), dataIndex: 'name' },
    {
      title: t('pairings.units.kind'),
      dataIndex: 'kind',
      render: (kind: Unit['kind']) => t(`pairings.units.kinds.${kind}`),
    },
    { title: t('pairings.units.contactName'), dataIndex: 'contactName' },
    { title: t('pairings.units.contactPhone'), dataIndex: 'contactPhone' },
    {
      title: t('pairings.units.state'),
      key: 'state',
      render: (_: unknown, unit) =>
        unit.retiredAt === null ? (
          <Tag color="green">{t('pairings.units.active')}</Tag>
        ) : (
          <Tag>{t('pairings.units.retired')}</Tag>
        ),
    },
    ...(mayManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, unit: Unit) => (
              <Space size={4}>
                <TableAction
                  icon={<EditOutlined />}
                  label={t('common.edit')}
                  onClick={() => setEditing(unit)}
                  data-testid={`edit-unit-${unit.name}`}
                />
                <Button
                  size="small"
                  onClick={() => save.mutate({ id: unit.id, body: { isRetired: unit.retiredAt === null } })}
                  data-testid={`retire-unit-${unit.name}`}
                >
                  {unit.retiredAt === null ? t('pairings.units.retire') : t('pairings.units.restore')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageCard
      title={t('pairings.units.title')}
      testId="units-page"
      actions={
        <Space wrap>
          <CaseCountyPicker />
          <Checkbox checked={isShowingRetired} onChange={(event) => setShowingRetired(event.target.checked)}>
            {t('pairings.units.showRetired')}
          </Checkbox>
          {mayManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-unit">
              {t('pairings.units.add')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <QueryState query={units}>
        {() => (
          <Table<Unit>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={units.data}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('pairings.units.empty') }}
            data-testid="unit-table"
          />
        )}
      </QueryState>
      <FormModal<UnitValues>
        title={editing === 'new' ? t('pairings.units.add') : t('pairings.units.edit')}
        open={editing !== undefined}
        initialValues={editing === 'new' || editing === undefined ? { kind: 'department' } : editing}
        onSubmit={(values) =>
          save.mutateAsync({
            id: editing === 'new' ? undefined : editing?.id,
            body: { ...values, contactName: values.contactName ?? '', contactPhone: values.contactPhone ?? '' },
          })
        }
        onClose={() => setEditing(undefined)}
        testId="unit-form"
      >
        <Form.Item
          name="name"
          label={t('pairings.units.name')}
          rules={[{ required: true, whitespace: true, message: t('pairings.units.nameRequired') }]}
        >
          <Input maxLength={100} data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('pairings.units.kind')} rules={[{ required: true }]}>
          <Select options={unitKinds.map((kind) => ({ value: kind, label: t(`pairings.units.kinds.${kind}`) }))} />
        </Form.Item>
        <Form.Item name="contactName" label={t('pairings.units.contactName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('pairings.units.contactPhone')}>
          <Input maxLength={20} />
        </Form.Item>
      </FormModal>
    </PageCard>
  );
}
