import { Form, List, SearchBar, Selector, Stepper, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { Rule } from '../../shared/api/moral-bank';
import type { Person } from '../../shared/api/registry';
import type { Session } from '../../shared/api/session';
import type { Navigate } from '../navigation';
import { useT } from '../i18n';
import { listMembers, listPersons, readMeta } from '../store';
import { enqueue } from '../sync';
import { PhotoPicker, photosOf, SaveFooter } from './parts';

/** The most residents a search lists: enough to find one by name, few enough for a phone. */
const shownResidents = 20;

/**
 * A resident of the grid as cached on the phone: a household's members to tap, or, without a household, a search of
 * the whole grid by name.
 */
export function ResidentPicker(props: {
  householdId?: string | undefined;
  value?: Person | undefined;
  onChange: (person: Person) => void;
}) {
  const t = useT();
  const [persons, setPersons] = useState<Person[]>([]);
  const [query, setQuery] = useState('');
  useEffect(() => {
    void (props.householdId ? listMembers(props.householdId) : listPersons()).then(setPersons);
  }, [props.householdId]);
  const matches = persons
    .filter((person) => person.id === props.value?.id || !query.trim() || person.name.includes(query.trim()))
    .slice(0, shownResidents);
  return (
    <>
      {props.householdId ? null : (
        <SearchBar placeholder={t('deposit.searchResident')} value={query} onChange={setQuery} />
      )}
      <List>
        {matches.map((person) => (
          <List.Item
            key={person.id}
            data-testid="resident"
            extra={person.id === props.value?.id ? '✓' : null}
            onClick={() => props.onChange(person)}
          >
            {person.name}
          </List.Item>
        ))}
      </List>
    </>
  );
}

/**
 * 道德银行 · 积分存入: a grid member, the bank's "deposit collector", records points for a resident of their grid by
 * one of the village's rules (or none, which the village approves), with a reason and photos sent ahead — saved to
 * the queue, sent when possible.
 */
export function DepositForm(props: { householdId?: string | undefined; session: Session; navigate: Navigate }) {
  const t = useT();
  const [rules, setRules] = useState<Rule[]>([]);
  const [person, setPerson] = useState<Person>();
  const [ruleId, setRuleId] = useState<string>();
  const [points, setPoints] = useState(5);
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    void readMeta('moralBankRules').then((kept) => setRules(kept ?? []));
  }, []);
  const rule = rules.find((item) => item.id === ruleId);

  const save = async () => {
    if (!person) return setProblem(t('deposit.personRequired'));
    if (!reason.trim()) return setProblem(t('deposit.reasonRequired'));
    const id = uuidv7();
    await enqueue({
      id,
      kind: 'deposit',
      accountId: props.session.user.id,
      label: `${person.name} +${points}`,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: photosOf(photos),
      body: { personId: person.id, points, reason: reason.trim(), ...(ruleId ? { ruleId } : {}) },
    });
    Toast.show({ content: t('deposit.saved') });
    props.navigate(props.householdId ? { name: 'household', householdId: props.householdId } : { name: 'tasks' });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter problem={problem} label={t('deposit.submit')} testId="save-deposit" onSave={() => void save()} />
      }
    >
      <Form.Header>{t('deposit.title')}</Form.Header>
      <Form.Item label={person ? t('deposit.personChosen', { name: person.name }) : t('deposit.person')}>
        <ResidentPicker householdId={props.householdId} value={person} onChange={setPerson} />
      </Form.Item>
      <Form.Item label={t('deposit.rule')} description={rules.length ? undefined : t('deposit.noRules')}>
        <Selector
          columns={1}
          options={rules.map((item) => ({
            label: t('deposit.ruleOption', { name: item.name, points: item.points }),
            value: item.id,
          }))}
          value={ruleId ? [ruleId] : []}
          onChange={(value) => {
            const chosen = rules.find((item) => item.id === value[0]);
            setRuleId(chosen?.id);
            if (chosen) setPoints(chosen.points);
          }}
          data-testid="deposit-rule"
        />
      </Form.Item>
      <Form.Item
        label={t('deposit.points')}
        description={rule?.requiresApproval || !rule ? t('deposit.needsApproval') : undefined}
      >
        <Stepper min={1} max={rule?.points ?? 50} value={points} onChange={setPoints} data-testid="deposit-points" />
      </Form.Item>
      <Form.Item label={t('deposit.reason')}>
        <TextArea
          placeholder={t('deposit.reasonPlaceholder')}
          value={reason}
          onChange={setReason}
          maxLength={500}
          rows={3}
          data-testid="deposit-reason"
        />
      </Form.Item>
      <Form.Item label={t('deposit.photos')}>
        <PhotoPicker photos={photos} onChange={setPhotos} />
      </Form.Item>
    </Form>
  );
}
