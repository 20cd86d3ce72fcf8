import { Button, Checkbox, Form, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { Person } from '../../shared/api/registry';
import type { Session } from '../../shared/api/session';
import type { VisitPurpose } from '../../shared/api/visits';
import { defaultVisitPurposeList } from '../../shared/visits';
import type { Navigate } from '../navigation';
import { useLanguage, useT } from '../i18n';
import { getHousehold, listMembers, readMeta, type CachedHousehold } from '../store';
import { enqueue } from '../sync';
import { LocationButton, PhotoPicker, photosOf, type Position } from './parts';

/**
 * 入户走访: purpose, findings, people met, photos, optional position — saved to the queue, sent when possible. Opened
 * from a campaign's task, the visit is recorded under the campaign (purpose 开展活动任务).
 */
export function VisitForm(props: { householdId: string; campaignId?: string; session: Session; navigate: Navigate }) {
  const t = useT();
  const language = useLanguage();
  const [household, setHousehold] = useState<CachedHousehold>();
  const [members, setMembers] = useState<Person[]>([]);
  const [purposes, setPurposes] = useState<VisitPurpose[]>([]);
  const [purpose, setPurpose] = useState<string>(props.campaignId ? 'campaign_task' : 'routine');
  const [findings, setFindings] = useState('');
  const [personIds, setPersonIds] = useState<string[]>([]);
  const [photos, setPhotos] = useState<File[]>([]);
  const [position, setPosition] = useState<Position>();

  useEffect(() => {
    void getHousehold(props.householdId).then(setHousehold);
    void listMembers(props.householdId).then(setMembers);
    void readMeta('purposes').then((kept) => setPurposes(kept?.length ? kept : defaultVisitPurposeList()));
  }, [props.householdId]);

  const save = async () => {
    const id = uuidv7();
    const label = household ? `${household.headName ?? ''} ${household.address}`.trim() : props.householdId;
    await enqueue({
      id,
      kind: 'visit',
      accountId: props.session.user.id,
      label,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: photosOf(photos),
      body: {
        id,
        householdId: props.householdId,
        visitedAt: new Date().toISOString(),
        purpose,
        findings,
        ...(personIds.length ? { personIds } : {}),
        ...(position ? { location: position } : {}),
        ...(props.campaignId ? { campaignId: props.campaignId } : {}),
      },
    });
    Toast.show({ content: t('visit.saved') });
    props.navigate({ name: 'household', householdId: props.householdId });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <Button block color="primary" size="large" onClick={() => void save()} data-testid="save-visit">
          {t('visit.submit')}
        </Button>
      }
    >
      <Form.Header>
        {t('visit.title')} · {household?.address}
      </Form.Header>
      <Form.Item label={t('visit.purpose')}>
        <Selector
          columns={2}
          options={purposes.map((item) => ({ label: language === 'en' ? item.en : item.zh, value: item.code }))}
          value={[purpose]}
          onChange={(value) => value[0] && setPurpose(value[0])}
        />
      </Form.Item>
      <Form.Item label={t('visit.findings')}>
        <TextArea
          placeholder={t('visit.findingsPlaceholder')}
          value={findings}
          onChange={setFindings}
          maxLength={4000}
          rows={4}
          data-testid="findings"
        />
      </Form.Item>
      {members.length ? (
        <Form.Item label={t('visit.personsMet')}>
          <Checkbox.Group value={personIds} onChange={(value) => setPersonIds(value as string[])}>
            {members.map((person) => (
              <Checkbox key={person.id} value={person.id} style={{ marginRight: 12 }}>
                {person.name}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      ) : null}
      <Form.Item label={t('visit.photos')}>
        <PhotoPicker photos={photos} onChange={setPhotos} />
      </Form.Item>
      <Form.Item label={t('visit.location')}>
        <LocationButton position={position} onChange={setPosition} />
      </Form.Item>
    </Form>
  );
}
