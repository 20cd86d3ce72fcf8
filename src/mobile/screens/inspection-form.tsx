import { Form, List, SearchBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useMemo, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { Checklist, InspectionInput } from '../../shared/api/inspections';
import type { Place } from '../../shared/api/registry';
import type { Session } from '../../shared/api/session';
import type { Navigate } from '../navigation';
import { useLanguage, useT } from '../i18n';
import { readMeta, type QueuedPhoto } from '../store';
import { enqueue } from '../sync';
import { PhotoPicker, photosOf, SaveFooter } from './parts';

type ItemResult = 'ok' | 'not_ok' | 'not_applicable';
type ItemState = { result: ItemResult; note: string; before: File[]; resolution: 'fixed' | 'case'; after: File[] };

const freshItem: ItemState = { result: 'ok', note: '', before: [], resolution: 'fixed', after: [] };

/**
 * 隐患排查: a place of the grid (from the phone's copy), the county's checklist for its kind, each item ok / not ok /
 * not applicable; a failed item is fixed on the spot (随查随改, with a photo after) or becomes a case. Queued like a
 * visit: the photos go ahead, then the inspection naming them.
 */
export function InspectionForm(props: { session: Session; navigate: Navigate }) {
  const t = useT();
  const language = useLanguage();
  const [places, setPlaces] = useState<Place[]>();
  const [checklists, setChecklists] = useState<Checklist[]>([]);
  const [query, setQuery] = useState('');
  const [place, setPlace] = useState<Place>();
  const [checklistId, setChecklistId] = useState<string>();
  const [items, setItems] = useState<Record<string, ItemState>>({});
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void readMeta('places').then((kept) => setPlaces(kept ?? []));
    void readMeta('checklists').then((kept) => setChecklists(kept ?? []));
  }, []);

  const fitting = useMemo(
    () => checklists.filter((checklist) => place && checklist.isActive && checklist.placeKinds.includes(place.kind)),
    [checklists, place],
  );
  const checklist = fitting.find((item) => item.id === checklistId) ?? fitting[0];
  const matches = useMemo(() => {
    const word = query.trim();
    return (places ?? []).filter((item) => item.name.includes(word) || item.address.includes(word)).slice(0, 50);
  }, [places, query]);

  if (!place) {
    return (
      <div>
        <div className="field-section">
          <div className="field-title">{t('inspection.pickPlace')}</div>
          <SearchBar placeholder={t('inspection.searchPlace')} value={query} onChange={setQuery} />
        </div>
        {places && places.length === 0 ? (
          <div className="field-section field-muted">{t('inspection.noPlaces')}</div>
        ) : null}
        <List>
          {matches.map((item) => (
            <List.Item key={item.id} description={item.address} onClick={() => setPlace(item)} data-testid="place">
              {item.name}
            </List.Item>
          ))}
        </List>
      </div>
    );
  }

  const nameOf = (name: { zh: string; en: string }) => (language === 'en' ? name.en : name.zh);
  const itemOf = (code: string) => items[code] ?? freshItem;
  const change = (code: string, next: Partial<ItemState>) =>
    setItems((current) => ({ ...current, [code]: { ...(current[code] ?? freshItem), ...next } }));

  const save = async () => {
    if (!checklist) return setProblem(t('inspection.noChecklist'));
    const unfixed = checklist.items.find((item) => {
      const state = itemOf(item.code);
      return state.result === 'not_ok' && state.resolution === 'fixed' && state.after.length === 0;
    });
    if (unfixed) return setProblem(t('inspection.needAfterPhoto', { item: nameOf(unfixed.name) }));
    const id = uuidv7();
    const photos: QueuedPhoto[] = checklist.items.flatMap((item) => {
      const state = itemOf(item.code);
      if (state.result !== 'not_ok') return [];
      const after = state.resolution === 'fixed' ? state.after : [];
      return [
        ...photosOf(state.before).map((photo) => ({ ...photo, itemCode: item.code, stage: 'before' as const })),
        ...photosOf(after).map((photo) => ({ ...photo, itemCode: item.code, stage: 'after' as const })),
      ];
    });
    // Photo ids are filled in when the photos are sent (sync.ts); the items say which photos are theirs.
    const body: InspectionInput = {
      id,
      placeId: place.id,
      checklistId: checklist.id,
      inspectedAt: new Date().toISOString(),
      notes: notes.trim(),
      items: checklist.items.map((item) => {
        const state = itemOf(item.code);
        const failed = state.result === 'not_ok';
        return {
          code: item.code,
          result: state.result,
          note: failed ? state.note.trim() : '',
          photoIds: [],
          ...(failed
            ? {
                resolution:
                  state.resolution === 'fixed' ? { kind: 'fixed' as const, photoIds: [] } : { kind: 'case' as const },
              }
            : {}),
        };
      }),
    };
    await enqueue({
      id,
      kind: 'inspection',
      accountId: props.session.user.id,
      label: place.name,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos,
      body,
    });
    Toast.show({ content: t('inspection.saved') });
    props.navigate({ name: 'queue' });
  };

  const results: { label: string; value: ItemResult }[] = [
    { label: t('inspection.ok'), value: 'ok' },
    { label: t('inspection.notOk'), value: 'not_ok' },
    { label: t('inspection.notApplicable'), value: 'not_applicable' },
  ];

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter
          problem={problem}
          label={t('inspection.submit')}
          testId="save-inspection"
          onSave={() => void save()}
        />
      }
    >
      <Form.Header>
        {t('inspection.title')} · {place.name}
      </Form.Header>
      {fitting.length > 1 ? (
        <Form.Item label={t('inspection.checklist')}>
          <Selector
            options={fitting.map((item) => ({ label: nameOf(item.name), value: item.id }))}
            value={checklist ? [checklist.id] : []}
            onChange={(value) => value[0] && setChecklistId(value[0])}
          />
        </Form.Item>
      ) : null}
      {checklist ? null : <div className="field-section field-muted">{t('inspection.noChecklist')}</div>}
      {checklist?.items.map((item) => {
        const state = itemOf(item.code);
        return (
          <Form.Item key={item.code} label={nameOf(item.name)} data-testid={`item-${item.code}`}>
            <Selector
              columns={3}
              options={results}
              value={[state.result]}
              onChange={(value) => value[0] && change(item.code, { result: value[0] })}
            />
            {state.result === 'not_ok' ? (
              <div className="field-failed-item">
                <TextArea
                  placeholder={t('inspection.notePlaceholder')}
                  value={state.note}
                  onChange={(note) => change(item.code, { note })}
                  maxLength={2000}
                  rows={2}
                />
                <PhotoPicker photos={state.before} onChange={(before) => change(item.code, { before })} />
                <Selector
                  columns={2}
                  options={[
                    { label: t('inspection.fixedOnSpot'), value: 'fixed' as const },
                    { label: t('inspection.toCase'), value: 'case' as const },
                  ]}
                  value={[state.resolution]}
                  onChange={(value) => value[0] && change(item.code, { resolution: value[0] })}
                />
                {state.resolution === 'fixed' ? (
                  <>
                    <div className="field-muted">{t('inspection.afterPhoto')}</div>
                    <PhotoPicker photos={state.after} onChange={(after) => change(item.code, { after })} />
                  </>
                ) : (
                  <div className="field-muted">{t('inspection.caseNote')}</div>
                )}
              </div>
            ) : null}
          </Form.Item>
        );
      })}
      <Form.Item label={t('inspection.notes')}>
        <TextArea value={notes} onChange={setNotes} maxLength={4000} rows={2} />
      </Form.Item>
    </Form>
  );
}
