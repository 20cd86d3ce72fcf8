import { Button, List, Space, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { Person } from '../../shared/api/registry';
import type { Navigate } from '../navigation';
import { useT } from '../i18n';
import { getHousehold, listMembers, type CachedHousehold } from '../store';

/** A household as cached: address, head, members (masked as the API gave them), tags; visit or report from here. */
export function HouseholdCard(props: { householdId: string; campaignId?: string; navigate: Navigate }) {
  const t = useT();
  const [household, setHousehold] = useState<CachedHousehold>();
  const [members, setMembers] = useState<Person[]>([]);
  useEffect(() => {
    void getHousehold(props.householdId).then(setHousehold);
    void listMembers(props.householdId).then(setMembers);
  }, [props.householdId]);

  if (!household) return <div className="field-section field-muted">{t('households.notCached')}</div>;
  return (
    <div>
      <List header={household.address}>
        <List.Item extra={household.headName ?? t('common.none')}>{t('households.head')}</List.Item>
        <List.Item extra={household.regionName}>{t('households.address')}</List.Item>
        {household.tags.length ? (
          <List.Item>
            <Space wrap>
              {household.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Space>
          </List.Item>
        ) : null}
      </List>
      <List header={t('households.members')}>
        {members.map((person) => (
          <List.Item
            key={person.id}
            description={[person.phone, person.idNumber].filter(Boolean).join(' · ')}
            extra={person.age === null ? null : `${person.age}`}
          >
            {person.name}
          </List.Item>
        ))}
      </List>
      {members.some((person) => person.isMasked) ? (
        <div className="field-section field-muted">{t('households.masked')}</div>
      ) : null}
      <div className="field-section">
        <Space block direction="vertical">
          <Button
            block
            color="primary"
            onClick={() => props.navigate({ name: 'visit', householdId: household.id, campaignId: props.campaignId })}
          >
            {t('households.visit')}
          </Button>
          <Button block onClick={() => props.navigate({ name: 'report', householdId: household.id })}>
            {t('households.report')}
          </Button>
          <Button
            block
            onClick={() => props.navigate({ name: 'deposit', householdId: household.id })}
            data-testid="household-deposit"
          >
            {t('households.deposit')}
          </Button>
          <Button
            block
            onClick={() => props.navigate({ name: 'wish', householdId: household.id })}
            data-testid="household-wish"
          >
            {t('households.wish')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
