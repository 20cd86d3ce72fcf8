import { DeleteOutlined, EditOutlined, EyeOutlined, HomeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { QueryState } from '../../components/query-state';
import { useIsPhone } from '../../components/use-is-phone';
import { formatDateTime } from '../../i18n';
import { useCan } from '../session/session-api';
import { PersonFormModal, type PersonFormTarget } from './person-form-modal';
import type { Person } from '../../../shared/api/registry';
import { useDeletePerson, usePerson, useRevealPerson } from './persons-api';
import { ReasonModal } from './reason-modal';
import { PartyMemberTag, TagList } from './registry-tags';
import { useRegistryTranslation } from './use-registry-translation';

/** The facts of one person; the full ID number and phone once revealed. */
function PersonFacts({ person, onOpenHousehold }: { person: Person; onOpenHousehold: (id: string) => void }) {
  const { t } = useRegistryTranslation();
  const none = t('common.none');
  const { age } = person;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'sex', label: t('registry.person.sex'), children: person.sex ? t(`registry.sex.${person.sex}`) : none },
        // Roles that may not read sensitive data get no birth date, only the age reached this year.
        person.birthDate
          ? {
              key: 'birthDate',
              label: t('registry.person.birthDate'),
              children: `${person.birthDate}${age === null ? '' : ` (${t('registry.person.ageYears', { age })})`}`,
            }
          : {
              key: 'age',
              label: t('registry.person.age'),
              children: (
                <span data-testid="person-age-value">
                  {age === null ? none : t('registry.person.ageThisYear', { age })}
                </span>
              ),
            },
        {
          key: 'idNumber',
          label: t('registry.person.idNumber'),
          children: <span data-testid="person-id-number-value">{person.idNumber ?? none}</span>,
        },
        {
          key: 'phone',
          label: t('registry.person.phone'),
          children: <span data-testid="person-phone-value">{person.phone ?? none}</span>,
        },
        { key: 'ethnicity', label: t('registry.person.ethnicity'), children: person.ethnicity ?? none },
        {
          key: 'residenceType',
          label: t('registry.person.residenceType'),
          children: person.residenceType ? t(`registry.residenceType.${person.residenceType}`) : none,
        },
        {
          key: 'isPartyMember',
          label: t('registry.person.isPartyMember'),
          children: person.isPartyMember ? t('registry.answer.yes') : t('registry.answer.no'),
        },
        { key: 'grid', label: t('registry.person.grid'), children: person.regionName },
        {
          key: 'household',
          label: t('registry.person.household'),
          children: person.householdId ? (
            <Button
              type="link"
              size="small"
              className="registry-inline-link"
              icon={<HomeOutlined />}
              onClick={() => onOpenHousehold(person.householdId!)}
              data-testid="person-household-link"
            >
              {person.householdAddress ?? t('registry.household.title')}
            </Button>
          ) : (
            t('registry.person.noHousehold')
          ),
        },
        {
          key: 'relationToHead',
          label: t('registry.person.relationToHead'),
          children: person.relationToHead ? t(`registry.relation.${person.relationToHead}`) : none,
        },
        {
          key: 'tags',
          label: t('registry.person.tags'),
          children: person.tags.length > 0 ? <TagList codes={person.tags} /> : none,
        },
        {
          key: 'notes',
          label: t('registry.person.notes'),
          children: person.notes ? <Typography.Text className="registry-notes">{person.notes}</Typography.Text> : none,
        },
        { key: 'updatedAt', label: t('registry.person.updatedAt'), children: formatDateTime(person.updatedAt) },
      ]}
    />
  );
}

/** One person's drawer content: what is known, revealing the full numbers, editing and removing. */
function PersonDetails({
  personId,
  onOpenPerson,
  onOpenHousehold,
  onClose,
}: {
  personId: string;
  onOpenPerson: (id: string) => void;
  onOpenHousehold: (id: string) => void;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const person = usePerson(personId);
  const reveal = useRevealPerson();
  const deletePerson = useDeletePerson();
  const [isAskingReason, setAskingReason] = useState(false);
  const [formTarget, setFormTarget] = useState<PersonFormTarget>();
  // Kept only while this drawer shows this person (the component is keyed by the id), and until the person changes.
  const [revealed, setRevealed] = useState<Person>();

  return (
    <QueryState query={person}>
      {() => {
        if (!person.data) return null;
        const isRevealed = revealed !== undefined && revealed.updatedAt === person.data.updatedAt;
        const shown = isRevealed ? revealed : person.data;
        return (
          <Space orientation="vertical" size={16} className="full-width">
            <Space size={[4, 4]} wrap>
              <Typography.Title level={4} className="registry-drawer-name">
                {shown.name}
              </Typography.Title>
              {shown.isPartyMember ? <PartyMemberTag /> : null}
              {shown.isMinor ? <Tag color="orange">{t('registry.person.minor')}</Tag> : null}
            </Space>
            {can('sensitive.read') && person.data.isMasked && !isRevealed ? (
              <Button icon={<EyeOutlined />} onClick={() => setAskingReason(true)} data-testid="reveal-button">
                {t('registry.reveal.button')}
              </Button>
            ) : null}
            {isRevealed ? <Alert type="warning" showIcon title={t('registry.reveal.shown')} /> : null}
            <PersonFacts person={shown} onOpenHousehold={onOpenHousehold} />
            {can('registry.collect') ? (
              <Space wrap>
                <Button
                  icon={<EditOutlined />}
                  onClick={() => setFormTarget({ mode: 'edit', person: person.data! })}
                  data-testid="edit-person"
                >
                  {t('common.edit')}
                </Button>
                {can('registry.write') ? (
                  <Popconfirm
                    title={t('common.confirmDelete', { name: person.data.name })}
                    description={t('registry.persons.deleteHint')}
                    onConfirm={() =>
                      deletePerson.mutateAsync(person.data!.id).then(() => {
                        void message.success(t('common.deleted'));
                        onClose();
                      })
                    }
                  >
                    <Button danger icon={<DeleteOutlined />} data-testid="delete-person">
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ) : null}
            <ReasonModal
              title={t('registry.reveal.title')}
              explanation={t('registry.reveal.explanation')}
              open={isAskingReason}
              onClose={() => setAskingReason(false)}
              onSubmit={(reason) => reveal.mutateAsync({ id: personId, reason }).then(setRevealed)}
            />
            <PersonFormModal
              target={formTarget}
              region={undefined}
              onClose={() => setFormTarget(undefined)}
              onOpenPerson={onOpenPerson}
            />
          </Space>
        );
      }}
    </QueryState>
  );
}

/** The drawer of the person named in the address (`?person=`), on top of whichever registry list is showing. */
export function PersonDrawer({
  personId,
  onOpenPerson,
  onOpenHousehold,
  onClose,
}: {
  personId: string | undefined;
  onOpenPerson: (id: string) => void;
  onOpenHousehold: (id: string) => void;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      title={t('registry.persons.details')}
      open={personId !== undefined}
      onClose={onClose}
      size={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      {personId ? (
        <div data-testid="person-drawer">
          <PersonDetails
            key={personId}
            personId={personId}
            onOpenPerson={onOpenPerson}
            onOpenHousehold={onOpenHousehold}
            onClose={onClose}
          />
        </div>
      ) : null}
    </Drawer>
  );
}
