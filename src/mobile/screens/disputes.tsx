import { Button, Form, Input, List, SearchBar, Selector, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useEffect, useMemo, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { Dispute, DisputeKind, DisputePartyInput } from '../../shared/api/disputes';
import type { Person } from '../../shared/api/registry';
import type { Session } from '../../shared/api/session';
import { escalationTargets, type EscalationTarget, type SettledLevel } from '../../shared/disputes';
import type { Navigate } from '../navigation';
import { useLanguage, useT } from '../i18n';
import { listPersons, readMeta, writeMeta } from '../store';
import { enqueue } from '../sync';
import { PhotoPicker, photosOf, SaveFooter, shortTime } from './parts';

/** 矛盾纠纷: the grid's open disputes as last copied to the phone, and a new one registered from here. */
export function DisputesScreen(props: { navigate: Navigate }) {
  const t = useT();
  const language = useLanguage();
  const [disputes, setDisputes] = useState<Dispute[]>();
  useEffect(() => void readMeta('disputes').then((kept) => setDisputes(kept ?? [])), []);
  return (
    <div>
      <div className="field-section">
        <Button block color="primary" onClick={() => props.navigate({ name: 'dispute' })} data-testid="new-dispute">
          {t('dispute.register')}
        </Button>
      </div>
      <List header={t('dispute.open')}>
        {(disputes ?? []).map((dispute) => (
          <List.Item
            key={dispute.id}
            data-testid="dispute"
            onClick={() => props.navigate({ name: 'session', disputeId: dispute.id })}
            description={`${shortTime(dispute.registeredAt)} · ${dispute.parties.map((party) => party.name).join('、')}`}
            extra={<Tag>{t(`dispute.statuses.${dispute.status}`)}</Tag>}
          >
            {(language === 'en' ? dispute.kindName?.en : dispute.kindName?.zh) ?? dispute.kind} ·{' '}
            {dispute.summary.slice(0, 30)}
          </List.Item>
        ))}
        {disputes && disputes.length === 0 ? <List.Item>{t('dispute.none')}</List.Item> : null}
      </List>
    </div>
  );
}

type ChosenParty = { input: DisputePartyInput; name: string };

/**
 * 登记纠纷: the kind from the county's list, what it is about, and the parties — residents of the grid from the
 * phone's copy (named as the API gave them: a minor's name stays shortened) or outsiders by name and phone.
 */
export function DisputeForm(props: { session: Session; navigate: Navigate }) {
  const t = useT();
  const language = useLanguage();
  const [kinds, setKinds] = useState<DisputeKind[]>([]);
  const [persons, setPersons] = useState<Person[]>([]);
  const [kind, setKind] = useState<string>();
  const [summary, setSummary] = useState('');
  const [parties, setParties] = useState<ChosenParty[]>([]);
  const [query, setQuery] = useState('');
  const [outsider, setOutsider] = useState({ name: '', phone: '' });
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void readMeta('disputeKinds').then((kept) => setKinds(kept ?? []));
    void listPersons().then(setPersons);
  }, []);

  const matches = useMemo(() => {
    const word = query.trim();
    if (!word) return [];
    return persons.filter((person) => person.name.includes(word)).slice(0, 8);
  }, [persons, query]);

  const addParty = (party: ChosenParty) => {
    setParties((current) => [...current, party]);
    setQuery('');
  };

  const save = async () => {
    const regionId = props.session.regionId;
    if (!kind) return setProblem(t('dispute.needKind'));
    if (!summary.trim()) return setProblem(t('dispute.needSummary'));
    if (parties.length === 0) return setProblem(t('dispute.needParties'));
    if (!regionId) return setProblem(t('dispute.needGrid'));
    const id = uuidv7();
    await enqueue({
      id,
      kind: 'dispute',
      accountId: props.session.user.id,
      label: summary.trim().slice(0, 30),
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: [],
      body: {
        id,
        regionId,
        kind,
        summary: summary.trim(),
        parties: parties.map((party) => party.input),
        registeredAt: new Date().toISOString(),
      },
    });
    Toast.show({ content: t('dispute.saved') });
    props.navigate({ name: 'queue' });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter problem={problem} label={t('dispute.submit')} testId="save-dispute" onSave={() => void save()} />
      }
    >
      <Form.Header>{t('dispute.register')}</Form.Header>
      <Form.Item label={t('dispute.kind')}>
        {kinds.length === 0 ? <div className="field-muted">{t('dispute.noKinds')}</div> : null}
        <Selector
          columns={2}
          options={kinds.map((item) => ({ label: language === 'en' ? item.nameEn : item.nameZh, value: item.code }))}
          value={kind ? [kind] : []}
          onChange={(value) => setKind(value[0])}
        />
      </Form.Item>
      <Form.Item label={t('dispute.summary')}>
        <TextArea
          placeholder={t('dispute.summaryPlaceholder')}
          value={summary}
          onChange={setSummary}
          maxLength={4000}
          rows={3}
          data-testid="dispute-summary"
        />
      </Form.Item>
      <Form.Item label={t('dispute.parties')}>
        <Space wrap>
          {parties.map((party, index) => (
            <Tag
              key={`${party.name}-${index}`}
              color="primary"
              onClick={() => setParties((current) => current.filter((_party, other) => other !== index))}
            >
              {party.name} ×
            </Tag>
          ))}
        </Space>
        <SearchBar placeholder={t('dispute.searchResident')} value={query} onChange={setQuery} />
        <List>
          {matches.map((person) => (
            <List.Item
              key={person.id}
              data-testid="resident"
              description={person.phone ?? undefined}
              onClick={() => addParty({ input: { personId: person.id }, name: person.name })}
            >
              {person.name}
            </List.Item>
          ))}
        </List>
        {/* Stacked: a name, a phone and the button side by side do not fit a 390 px screen. */}
        <Space direction="vertical" block style={{ marginTop: 8 }}>
          <Input
            placeholder={t('dispute.outsiderName')}
            value={outsider.name}
            onChange={(name) => setOutsider((current) => ({ ...current, name }))}
            maxLength={50}
            data-testid="outsider-name"
          />
          <Input
            placeholder={t('dispute.outsiderPhone')}
            value={outsider.phone}
            onChange={(phone) => setOutsider((current) => ({ ...current, phone }))}
            maxLength={20}
            type="tel"
          />
          <Button
            size="small"
            data-testid="add-outsider"
            onClick={() => {
              const name = outsider.name.trim();
              if (!name) return;
              const phone = outsider.phone.trim();
              addParty({ input: { name, ...(phone ? { phone } : {}) }, name });
              setOutsider({ name: '', phone: '' });
            }}
          >
            {t('dispute.addOutsider')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

/** 调解记录: a mediation session on one of the grid's disputes, queued like every record. */
export function SessionForm(props: { disputeId: string; session: Session; navigate: Navigate }) {
  const t = useT();
  const [dispute, setDispute] = useState<Dispute>();
  const [place, setPlace] = useState('');
  const [attendees, setAttendees] = useState('');
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void readMeta('disputes').then((kept) => setDispute(kept?.find((item) => item.id === props.disputeId)));
  }, [props.disputeId]);

  const save = async () => {
    if (!notes.trim()) return setProblem(t('dispute.needNotes'));
    const id = uuidv7();
    await enqueue({
      id,
      kind: 'session',
      disputeId: props.disputeId,
      accountId: props.session.user.id,
      label: dispute?.summary.slice(0, 30) ?? props.disputeId,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: [],
      body: {
        id,
        heldAt: new Date().toISOString(),
        place: place.trim(),
        attendees: attendees.trim(),
        notes: notes.trim(),
      },
    });
    Toast.show({ content: t('dispute.sessionSaved') });
    props.navigate({ name: 'queue' });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter
          problem={problem}
          label={t('dispute.saveSession')}
          testId="save-session"
          onSave={() => void save()}
        />
      }
    >
      <Form.Header>{t('dispute.session')}</Form.Header>
      {dispute ? (
        <div className="field-section">
          <div>{dispute.summary}</div>
          <div className="field-muted">
            {dispute.parties.map((party) => [party.name, party.phone].filter(Boolean).join(' ')).join('、')}
          </div>
          <Button
            size="small"
            style={{ marginTop: 8 }}
            data-testid="record-outcome"
            onClick={() => props.navigate({ name: 'outcome', disputeId: props.disputeId })}
          >
            {t('dispute.recordOutcome')}
          </Button>
        </div>
      ) : null}
      <Form.Item label={t('dispute.place')}>
        <Input value={place} onChange={setPlace} maxLength={200} placeholder={t('dispute.placePlaceholder')} />
      </Form.Item>
      <Form.Item label={t('dispute.attendees')}>
        <Input value={attendees} onChange={setAttendees} maxLength={1000} />
      </Form.Item>
      <Form.Item label={t('dispute.notes')}>
        <TextArea value={notes} onChange={setNotes} maxLength={4000} rows={4} data-testid="session-notes" />
      </Form.Item>
    </Form>
  );
}

type OutcomeChoice = 'settled' | 'escalated';

/**
 * 调解结果: an agreement reached (its text, the level it was settled at, the photo of the signed agreement) or not
 * settled and escalated (to the town's committee or to court, with why). Queued with its client id, so a resend after
 * a lost answer records it once; the agreement's photo goes after the outcome.
 */
export function OutcomeForm(props: { disputeId: string; session: Session; navigate: Navigate }) {
  const t = useT();
  const [dispute, setDispute] = useState<Dispute>();
  const [outcome, setOutcome] = useState<OutcomeChoice>();
  const [level, setLevel] = useState<SettledLevel>('village');
  const [agreement, setAgreement] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [target, setTarget] = useState<EscalationTarget>('town_committee');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void readMeta('disputes').then((kept) => setDispute(kept?.find((item) => item.id === props.disputeId)));
  }, [props.disputeId]);

  const save = async () => {
    if (!outcome) return setProblem(t('outcome.needChoice'));
    if (outcome === 'settled' && !agreement.trim()) return setProblem(t('outcome.needAgreement'));
    if (outcome === 'settled' && photos.length === 0) return setProblem(t('outcome.needPhoto'));
    if (outcome === 'escalated' && !note.trim()) return setProblem(t('outcome.needNote'));
    const id = uuidv7();
    await enqueue({
      id,
      kind: 'outcome',
      disputeId: props.disputeId,
      accountId: props.session.user.id,
      label: dispute?.summary.slice(0, 30) ?? props.disputeId,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: outcome === 'settled' ? photosOf(photos) : [],
      body:
        outcome === 'settled'
          ? { id, outcome, level, agreement: agreement.trim() }
          : { id, outcome, to: target, note: note.trim() },
    });
    // Concluded or passed up: no longer one of the grid's open disputes on this phone.
    const kept = (await readMeta('disputes')) ?? [];
    await writeMeta(
      'disputes',
      kept.filter((item) => item.id !== props.disputeId),
    );
    Toast.show({ content: t('outcome.saved') });
    props.navigate({ name: 'queue' });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter problem={problem} label={t('outcome.submit')} testId="save-outcome" onSave={() => void save()} />
      }
    >
      <Form.Header>{t('outcome.title')}</Form.Header>
      {dispute ? <div className="field-section">{dispute.summary}</div> : null}
      <Form.Item>
        <Selector
          columns={2}
          options={[
            { label: t('outcome.settled'), value: 'settled' as const },
            { label: t('outcome.escalated'), value: 'escalated' as const },
          ]}
          value={outcome ? [outcome] : []}
          onChange={(value) => setOutcome(value[0])}
        />
      </Form.Item>
      {outcome === 'settled' ? (
        <>
          <Form.Item label={t('outcome.level')}>
            <Selector
              columns={2}
              options={(['grid', 'village'] as const).map((value) => ({ label: t(`outcome.levels.${value}`), value }))}
              value={[level]}
              onChange={(value) => value[0] && setLevel(value[0])}
            />
          </Form.Item>
          <Form.Item label={t('outcome.agreement')}>
            <TextArea
              placeholder={t('outcome.agreementPlaceholder')}
              value={agreement}
              onChange={setAgreement}
              maxLength={8000}
              rows={4}
              data-testid="outcome-agreement"
            />
          </Form.Item>
          <Form.Item label={t('outcome.agreementPhoto')}>
            {/* One photo: the server keeps one per dispute, a newer one replacing it. */}
            <PhotoPicker
              photos={photos}
              onChange={(chosen) => {
                setProblem(undefined);
                setPhotos(chosen.slice(-1));
              }}
            />
          </Form.Item>
        </>
      ) : null}
      {outcome === 'escalated' ? (
        <>
          <Form.Item label={t('outcome.to')}>
            <Selector
              columns={2}
              options={escalationTargets.map((value) => ({ label: t(`outcome.targets.${value}`), value }))}
              value={[target]}
              onChange={(value) => value[0] && setTarget(value[0])}
            />
          </Form.Item>
          <Form.Item label={t('outcome.note')}>
            <TextArea value={note} onChange={setNote} maxLength={2000} rows={3} data-testid="outcome-note" />
          </Form.Item>
        </>
      ) : null}
    </Form>
  );
}
