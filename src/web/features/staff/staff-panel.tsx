import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffKinds, type StaffKind } from '../../../shared/staff';
import { MountWhenOpened } from '../../components/mount-when-opened';
import { LoadMore, QueryState } from '../../components/query-state';
import { TableAction } from '../../components/table-action';
import { useIsPhone } from '../../components/use-is-phone';
import type { RegionDetail } from '../../../shared/api/regions';
import { useCan } from '../session/session-api';
import type { Staff } from '../../../shared/api/staff';
import { revealStaffPhone, useDeleteStaff, useStaffList } from './staff-api';
import type { StaffFormTarget } from './staff-form-modal';

// The dialogs load on their first opening: the region page does not wait for their forms.
const StaffFormModal = lazy(() => import('./staff-form-modal').then((module) => ({ default: module.StaffFormModal })));
const ReasonModal = lazy(() => import('../registry/reason-modal').then((module) => ({ default: module.ReasonModal })));

const allKinds = 'all';
type KindTab = StaffKind | typeof allKinds;

// Leaders in warm colours so they stand out; party-related kinds in red.
const kindColors: Record<StaffKind, string> = {
  grid_leader: 'volcano',
  grid_member: 'blue',
  sunk_cadre: 'purple',
  volunteer: 'green',
  central_household: 'red',
  building_leader: 'cyan',
};

/** 定人、定格、定职责: who works in a region's grids, by kind, with their duties. */
export function StaffPanel({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  // Fixed columns would leave a phone screen almost no room for the scrolling ones.
  const isPhone = useIsPhone();
  const canWrite = can('staff.write');
  const [kindTab, setKindTab] = useState<KindTab>(allKinds);
  const [formTarget, setFormTarget] = useState<StaffFormTarget>();
  const staff = useStaffList(region.id, kindTab === allKinds ? undefined : kindTab);
  const deleteStaff = useDeleteStaff();
  // Full phones shown after a reason was given, by person; kept only while this panel is open.
  const [revealedPhones, setRevealedPhones] = useState<Record<string, string | null>>({});
  const [revealing, setRevealing] = useState<Staff>();

  const totalCount = staffKinds.reduce((sum, kind) => sum + (region.staffCounts[kind] ?? 0), 0);
  const showsKind = (kind: StaffKind) => kindTab === allKinds || kindTab === kind;

  const columns: TableColumnsType<Staff> = [
    {
      title: t('staff.name'),
      dataIndex: 'name',
      fixed: isPhone ? undefined : 'start',
      render: (name: string, person) => (
        <Space size={4}>
          {name}
          {person.isPartyMember ? (
            <Tag color="red" variant="outlined">
              {t('staff.isPartyMember')}
            </Tag>
          ) : null}
          {person.accountUsername ? (
            <Tag icon={<UserOutlined />} data-testid="staff-account-tag">
              {person.accountUsername}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('staff.kind'),
      dataIndex: 'kind',
      render: (kind: StaffKind) => <Tag color={kindColors[kind]}>{t(`staffKind.${kind}`)}</Tag>,
    },
    { title: t('staff.region'), dataIndex: 'regionName' },
    {
      title: t('staff.phone'),
      dataIndex: 'phone',
      render: (phone: string | null, person: Staff) => {
        const isRevealed = person.id in revealedPhones;
        return (
          <Space size={0}>
            <span data-testid="staff-phone">
              {(isRevealed ? revealedPhones[person.id] : phone) ?? t('common.none')}
            </span>
            {can('sensitive.read') && person.isPhoneMasked && !isRevealed ? (
              <TableAction
                icon={<EyeOutlined />}
                label={t('staff.revealPhone.button')}
                onClick={() => setRevealing(person)}
                data-testid="staff-reveal-phone"
              />
            ) : null}
          </Space>
        );
      },
    },
    ...(showsKind('grid_member')
      ? [
          {
            title: t('staff.employment'),
            dataIndex: 'employment',
            render: (employment: Staff['employment']) =>
              employment ? t(`employment.${employment}`) : t('common.none'),
          },
        ]
      : []),
    ...(showsKind('sunk_cadre')
      ? [
          {
            title: t('staff.dispatchingUnit'),
            dataIndex: 'dispatchingUnit',
            render: (unit: string | null) => unit ?? t('common.none'),
          },
        ]
      : []),
    {
      title: t('staff.duties'),
      dataIndex: 'duties',
      render: (duties: string) => (
        <Typography.Paragraph className="staff-duties" ellipsis={{ rows: 2, tooltip: duties }}>
          {duties || t('common.none')}
        </Typography.Paragraph>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: isPhone ? undefined : ('end' as const),
            render: (_: unknown, person: Staff) => (
              <Space size={0}>
                <TableAction
                  icon={<EditOutlined />}
                  label={t('common.edit')}
                  onClick={() => setFormTarget({ mode: 'edit', person })}
                />
                <Popconfirm
                  title={
                    person.accountUsername
                      ? t('staff.confirmDeleteWithAccount', { name: person.name, username: person.accountUsername })
                      : t('common.confirmDelete', { name: person.name })
                  }
                  onConfirm={() =>
                    deleteStaff.mutateAsync(person).then(() => void message.success(t('common.deleted')))
                  }
                >
                  <TableAction danger icon={<DeleteOutlined />} label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('staff.title')}
      extra={
        canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setFormTarget({ mode: 'create', kind: kindTab === allKinds ? undefined : kindTab })}
            data-testid="add-staff"
          >
            {t('staff.add')}
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={kindTab}
        onChange={(key) => setKindTab(key as KindTab)}
        items={[
          { key: allKinds, label: `${t('common.all')} ${totalCount}` },
          ...staffKinds.map((kind) => ({
            key: kind,
            label: `${t(`staffKind.${kind}`)} ${region.staffCounts[kind] ?? 0}`,
          })),
        ]}
      />
      <QueryState query={staff}>
        {() => (
          <div data-testid="staff-table">
            <Table<Staff>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={staff.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('staff.empty') }}
            />
            <LoadMore list={staff} />
          </div>
        )}
      </QueryState>
      <MountWhenOpened open={formTarget !== undefined}>
        <StaffFormModal region={region} target={formTarget} onClose={() => setFormTarget(undefined)} />
      </MountWhenOpened>
      <MountWhenOpened open={revealing !== undefined}>
        <ReasonModal
          title={t('staff.revealPhone.title', { name: revealing?.name })}
          explanation={t('staff.revealPhone.explanation')}
          open={revealing !== undefined}
          onClose={() => setRevealing(undefined)}
          onSubmit={(reason) =>
            revealStaffPhone(revealing!.id, reason).then((phone) => {
              setRevealedPhones((shown) => ({ ...shown, [revealing!.id]: phone }));
              setRevealing(undefined);
            })
          }
        />
      </MountWhenOpened>
    </Card>
  );
}
