import { Space, Typography, type TableColumnsType } from 'antd';
import type { Person } from '../../../shared/api/registry';
import { RecordList } from './record-list';
import { PartyMemberTag, TagList } from './registry-tags';
import { useRegistryTranslation } from './use-registry-translation';

function PersonName({ person }: { person: Person }) {
  return (
    <Space size={4}>
      <Typography.Text strong>{person.name}</Typography.Text>
      {person.isPartyMember ? <PartyMemberTag /> : null}
    </Space>
  );
}

/** Residents as a table (a card each on a phone); choosing one opens their drawer. */
export function PersonList({
  persons,
  isLoading,
  onOpen,
}: {
  persons: Person[];
  isLoading: boolean;
  onOpen: (person: Person) => void;
}) {
  const { t } = useRegistryTranslation();
  const none = t('common.none');
  const sexText = (person: Person) => (person.sex ? t(`registry.sex.${person.sex}`) : none);
  const ageText = (person: Person) => (person.age === null ? none : String(person.age));
  // A card leaves the age out when it is not known (a minor's age is hidden from some roles).
  const ageInYears = (person: Person) =>
    person.age === null ? undefined : t('registry.person.ageYears', { age: person.age });

  const columns: TableColumnsType<Person> = [
    {
      title: t('registry.person.name'),
      key: 'name',
      fixed: 'start',
      render: (_: unknown, person) => <PersonName person={person} />,
    },
    { title: t('registry.person.sex'), key: 'sex', render: (_: unknown, person) => sexText(person) },
    { title: t('registry.person.age'), key: 'age', render: (_: unknown, person) => ageText(person) },
    { title: t('registry.person.idNumber'), dataIndex: 'idNumber', render: (value: string | null) => value ?? none },
    { title: t('registry.person.phone'), dataIndex: 'phone', render: (value: string | null) => value ?? none },
    {
      title: t('registry.person.household'),
      dataIndex: 'householdAddress',
      render: (address: string | null) => address ?? none,
    },
    { title: t('registry.person.grid'), dataIndex: 'regionName' },
    { title: t('registry.person.tags'), dataIndex: 'tags', render: (codes: string[]) => <TagList codes={codes} /> },
  ];

  return (
    <RecordList<Person>
      items={persons}
      columns={columns}
      rowKey="id"
      isLoading={isLoading}
      onOpen={onOpen}
      emptyText={t('registry.persons.empty')}
      testId="registry-table"
      renderCard={(person) => (
        <Space orientation="vertical" size={2} className="full-width">
          <PersonName person={person} />
          <Typography.Text type="secondary">
            {[sexText(person), ageInYears(person), person.regionName].filter(Boolean).join(' · ')}
          </Typography.Text>
          {person.householdAddress ? <Typography.Text>{person.householdAddress}</Typography.Text> : null}
          <Typography.Text type="secondary">
            {[person.idNumber, person.phone].filter(Boolean).join(' · ') || none}
          </Typography.Text>
          <TagList codes={person.tags} />
        </Space>
      )}
    />
  );
}
