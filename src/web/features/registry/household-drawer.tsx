import { CrownOutlined, DeleteOutlined, EditOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Popconfirm,
  Space,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { Suspense, useState } from 'react';
import { FormModal } from '../../components/form-modal';
import { LoadMore, QueryState } from '../../components/query-state';
import { useIsPhone } from '../../components/use-is-phone';
import { RegionPicker } from '../regions/region-picker';
import { useCan } from '../session/session-api';
import { HouseholdFormModal, type HouseholdFormTarget } from './household-form-modal';
import { useHouseholdLocationText } from './household-location';
import type { Household, Person } from '../../../shared/api/registry';
import { useDeleteHousehold, useHousehold, useUpdateHousehold } from './households-api';
import { gridLevels } from './registry-values';
import { PersonFormModal, type PersonFormTarget } from './person-form-modal';
import { usePersons } from './persons-api';
import { RecordList } from './record-list';
import { PartyMemberTag, TagList } from './registry-tags';
import { useRegistryTranslation } from './use-registry-translation';
import { HouseholdVisits } from '../visits';

/** Moves a household with all its members to another grid (people who moved house together). */
function MoveHouseholdModal({
  household,
  open,
  onClose,
}: {
  household: Household;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const updateHousehold = useUpdateHousehold();
  return (
    <FormModal<{ regionId: string }>
      title={t('registry.households.move')}
      open={open}
      onClose={onClose}
      onSubmit={async ({ regionId }) => {
        await updateHousehold.mutateAsync({ id: household.id, regionId });
        void message.success(t('registry.households.moved'));
      }}
    >
      <Alert
        type="info"
        showIcon
        className="registry-form-error"
        title={t('registry.households.moveExplanation', { count: household.memberCount, grid: household.regionName })}
      />
      <Form.Item
        name="regionId"
        label={t('registry.households.moveTarget')}
        rules={[{ required: true, message: t('registry.form.gridRequired') }]}
      >
        <RegionPicker selectableLevels={gridLevels} />
      </Form.Item>
    </FormModal>
  );
}

/** Removes an empty household after a confirmation; while it has members, says why it cannot. */
function DeleteHouseholdButton({ household, onDeleted }: { household: Household; onDeleted: () => void }) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const deleteHousehold = useDeleteHousehold();
  const hasMembers = household.memberCount > 0;
  return (
    <Space size={8} wrap>
      <Popconfirm
        title={t('common.confirmDelete', { name: household.address })}
        description={t('registry.households.deleteHint')}
        disabled={hasMembers}
        onConfirm={() =>
          deleteHousehold.mutateAsync(household.id).then(() => {
            void message.success(t('common.deleted'));
            onDeleted();
          })
        }
      >
        <Button danger icon={<DeleteOutlined />} disabled={hasMembers} data-testid="delete-household">
          {t('common.delete')}
        </Button>
      </Popconfirm>
      {hasMembers ? (
        <Typography.Text type="secondary" data-testid="delete-household-blocked">
          {t('registry.households.deleteBlocked', { count: household.memberCount })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

function MemberList({ household, onOpenPerson }: { household: Household; onOpenPerson: (id: string) => void }) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const updateHousehold = useUpdateHousehold();
  // A collective household or a dormitory has hundreds of members: they come a page at a time.
  const members = usePersons({ regionId: undefined, search: '', tag: undefined, householdId: household.id });
  const none = t('common.none');

  const setHead = (member: Person) =>
    updateHousehold.mutate(
      { id: household.id, headPersonId: member.id },
      { onSuccess: () => void message.success(t('registry.households.headSet', { name: member.name })) },
    );

  const headMark = (member: Person) =>
    member.id === household.headPersonId ? (
      <Tag color="gold" icon={<CrownOutlined />}>
        {t('registry.relation.head')}
      </Tag>
    ) : null;

  const setHeadButton = (member: Person) =>
    can('registry.collect') && member.id !== household.headPersonId ? (
      <Button
        size="small"
        type="link"
        icon={<CrownOutlined />}
        loading={updateHousehold.isPending && updateHousehold.variables.headPersonId === member.id}
        onClick={(event) => {
          // The row opens the person; this button only sets the head.
          event.stopPropagation();
          setHead(member);
        }}
      >
        {t('registry.households.setHead')}
      </Button>
    ) : null;

  const columns: TableColumnsType<Person> = [
    {
      title: t('registry.person.name'),
      dataIndex: 'name',
      render: (name: string, member) => (
        <Space size={4}>
          {name}
          {headMark(member)}
          {member.isPartyMember ? <PartyMemberTag /> : null}
        </Space>
      ),
    },
    {
      title: t('registry.person.relationToHead'),
      dataIndex: 'relationToHead',
      render: (relation: Person['relationToHead']) => (relation ? t(`registry.relation.${relation}`) : none),
    },
    {
      title: t('registry.person.age'),
      dataIndex: 'age',
      render: (age: number | null) => age ?? none,
    },
    { title: t('registry.person.idNumber'), dataIndex: 'idNumber', render: (value: string | null) => value ?? none },
    { title: '', key: 'actions', render: (_: unknown, member: Person) => setHeadButton(member) },
  ];

  return (
    <QueryState query={members}>
      {() => (
        <>
          <RecordList<Person>
            items={members.items}
            columns={columns}
            rowKey="id"
            isLoading={members.isPlaceholderData}
            onOpen={(member) => onOpenPerson(member.id)}
            emptyText={t('registry.households.noMembers')}
            testId="household-members"
            renderCard={(member) => (
              <Space orientation="vertical" size={2} className="full-width">
                <Space size={4} wrap>
                  <Typography.Text strong>{member.name}</Typography.Text>
                  {headMark(member)}
                  {member.relationToHead && member.id !== household.headPersonId ? (
                    <Tag>{t(`registry.relation.${member.relationToHead}`)}</Tag>
                  ) : null}
                  {member.isPartyMember ? <PartyMemberTag /> : null}
                </Space>
                <Typography.Text type="secondary">{member.idNumber ?? none}</Typography.Text>
                {setHeadButton(member)}
              </Space>
            )}
          />
          <LoadMore list={members} />
        </>
      )}
    </QueryState>
  );
}

function HouseholdDetails({
  householdId,
  onOpenPerson,
  onClose,
}: {
  householdId: string;
  onOpenPerson: (id: string) => void;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  const can = useCan();
  const household = useHousehold(householdId);
  const [formTarget, setFormTarget] = useState<HouseholdFormTarget>();
  const [personTarget, setPersonTarget] = useState<PersonFormTarget>();
  const [isMoving, setMoving] = useState(false);
  const locationText = useHouseholdLocationText();
  const none = t('common.none');

  return (
    <QueryState query={household}>
      {() => {
        const data = household.data;
        if (!data) return null;
        return (
          <Space orientation="vertical" size={16} className="full-width">
            <Typography.Title level={4} className="registry-drawer-name">
              {data.address}
            </Typography.Title>
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'grid', label: t('registry.person.grid'), children: data.regionName },
                {
                  key: 'location',
                  label: t('registry.household.location'),
                  children: locationText(data) ?? none,
                },
                { key: 'head', label: t('registry.relation.head'), children: data.headName ?? none },
                { key: 'members', label: t('registry.household.memberCount'), children: data.memberCount },
                {
                  key: 'tags',
                  label: t('registry.person.tags'),
                  children: data.tags.length > 0 ? <TagList codes={data.tags} /> : none,
                },
                { key: 'notes', label: t('registry.person.notes'), children: data.notes || none },
              ]}
            />
            {can('registry.collect') ? (
              <Space wrap>
                <Button
                  icon={<UserAddOutlined />}
                  onClick={() => setPersonTarget({ mode: 'create', household: { id: data.id, address: data.address } })}
                  data-testid="add-member"
                >
                  {t('registry.households.addMember')}
                </Button>
                <Button icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', household: data })}>
                  {t('common.edit')}
                </Button>
                <Button icon={<SwapOutlined />} onClick={() => setMoving(true)} data-testid="move-household">
                  {t('registry.households.move')}
                </Button>
                {can('registry.write') ? <DeleteHouseholdButton household={data} onDeleted={onClose} /> : null}
              </Space>
            ) : null}
            <Typography.Title level={5} className="registry-section-title">
              {t('registry.households.members')}
            </Typography.Title>
            <MemberList household={data} onOpenPerson={onOpenPerson} />
            {can('visit.read') ? (
              <Suspense fallback={null}>
                <HouseholdVisits householdId={data.id} />
              </Suspense>
            ) : null}
            <HouseholdFormModal target={formTarget} region={undefined} onClose={() => setFormTarget(undefined)} />
            <PersonFormModal
              target={personTarget}
              region={undefined}
              onClose={() => setPersonTarget(undefined)}
              onOpenPerson={onOpenPerson}
            />
            <MoveHouseholdModal household={data} open={isMoving} onClose={() => setMoving(false)} />
          </Space>
        );
      }}
    </QueryState>
  );
}

/** The drawer of the household named in the address (`?household=`): its facts, members and removal. */
export function HouseholdDrawer({
  householdId,
  onOpenPerson,
  onClose,
}: {
  householdId: string | undefined;
  onOpenPerson: (id: string) => void;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      title={t('registry.household.title')}
      open={householdId !== undefined}
      onClose={onClose}
      size={isPhone ? '100%' : 640}
      destroyOnHidden
    >
      {householdId ? (
        <div data-testid="household-drawer">
          <HouseholdDetails key={householdId} householdId={householdId} onOpenPerson={onOpenPerson} onClose={onClose} />
        </div>
      ) : null}
    </Drawer>
  );
}
