import { Form, List, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { InspectionDetail } from '../../shared/api/inspections';
import type { Session } from '../../shared/api/session';
import type { Navigate } from '../navigation';
import { useLanguage, useT } from '../i18n';
import { readMeta, writeMeta, type QueuedPhoto } from '../store';
import { enqueue } from '../sync';
import { PhotoPicker, photosOf, SaveFooter, shortTime } from './parts';

const openItemsOf = (inspection: InspectionDetail) => inspection.items.filter((item) => item.isOpen);

/** 隐患复查: the grid's inspections whose hazards were turned into cases and are not closed yet, as last cached. */
export function RechecksScreen(props: { navigate: Navigate }) {
  const t = useT();
  const [inspections, setInspections] = useState<InspectionDetail[]>();
  useEffect(() => void readMeta('openInspections').then((kept) => setInspections(kept ?? [])), []);
  const open = (inspections ?? []).filter((inspection) => openItemsOf(inspection).length > 0);
  return (
    <List header={t('recheck.open')}>
      {open.map((inspection) => (
        <List.Item
          key={inspection.id}
          data-testid="open-inspection"
          data-inspection-id={inspection.id}
          description={t('recheck.foundOn', {
            date: shortTime(inspection.inspectedAt),
            count: openItemsOf(inspection).length,
          })}
          onClick={() => props.navigate({ name: 'recheck', inspectionId: inspection.id })}
        >
          {inspection.place.name}
        </List.Item>
      ))}
      {inspections && open.length === 0 ? <List.Item>{t('recheck.none')}</List.Item> : null}
    </List>
  );
}

type Recheck = { result?: 'ok' | 'not_ok'; note: string; photos: File[] };
const freshRecheck: Recheck = { note: '', photos: [] };

/**
 * A re-inspection of one inspection's open hazards: each fixed (with a photo of it put right: the case of the hazard
 * is closed when it arrives) or not fixed (it stays open). Queued like the inspection: photos ahead, then the record.
 */
export function RecheckForm(props: { inspectionId: string; session: Session; navigate: Navigate }) {
  const t = useT();
  const language = useLanguage();
  const [inspection, setInspection] = useState<InspectionDetail>();
  const [rechecks, setRechecks] = useState<Record<string, Recheck>>({});
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void readMeta('openInspections').then((kept) =>
      setInspection(kept?.find((item) => item.id === props.inspectionId)),
    );
  }, [props.inspectionId]);
  if (!inspection) return null;

  const items = openItemsOf(inspection);
  const nameOf = (name: { zh: string; en: string }) => (language === 'en' ? name.en : name.zh);
  const recheckOf = (code: string) => rechecks[code] ?? freshRecheck;
  const change = (code: string, next: Partial<Recheck>) => {
    // What was missing may be there now: the message goes until the next save says otherwise.
    setProblem(undefined);
    setRechecks((current) => ({ ...current, [code]: { ...(current[code] ?? freshRecheck), ...next } }));
  };

  const save = async () => {
    if (items.some((item) => recheckOf(item.code).result === undefined)) return setProblem(t('recheck.needChoice'));
    const unproven = items.find(
      (item) => recheckOf(item.code).result === 'ok' && recheckOf(item.code).photos.length === 0,
    );
    if (unproven) return setProblem(t('recheck.needPhoto', { item: nameOf(unproven.name) }));
    const id = uuidv7();
    const photos: QueuedPhoto[] = items.flatMap((item) => {
      const recheck = recheckOf(item.code);
      const stage = recheck.result === 'ok' ? ('after' as const) : ('before' as const);
      return photosOf(recheck.photos).map((photo) => ({ ...photo, itemCode: item.code, stage }));
    });
    await enqueue({
      id,
      kind: 'recheck',
      inspectionId: inspection.id,
      accountId: props.session.user.id,
      label: inspection.place.name,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos,
      body: {
        id,
        inspectedAt: new Date().toISOString(),
        items: items.map((item) => ({
          code: item.code,
          result: recheckOf(item.code).result!,
          note: recheckOf(item.code).note.trim(),
          photoIds: [],
        })),
      },
    });
    // The phone's copy forgets the hazards found fixed, so the list does not offer them again before the next copy.
    const kept = (await readMeta('openInspections')) ?? [];
    const fixed = new Set(items.filter((item) => recheckOf(item.code).result === 'ok').map((item) => item.code));
    await writeMeta(
      'openInspections',
      kept.map((entry) =>
        entry.id === inspection.id
          ? { ...entry, items: entry.items.map((item) => (fixed.has(item.code) ? { ...item, isOpen: false } : item)) }
          : entry,
      ),
    );
    Toast.show({ content: t('recheck.saved') });
    props.navigate({ name: 'queue' });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter problem={problem} label={t('recheck.submit')} testId="save-recheck" onSave={() => void save()} />
      }
    >
      <Form.Header>
        {t('recheck.title')} · {inspection.place.name}
      </Form.Header>
      {items.map((item) => {
        const recheck = recheckOf(item.code);
        return (
          <Form.Item
            key={item.code}
            label={nameOf(item.name)}
            description={item.note || undefined}
            data-testid={`recheck-${item.code}`}
          >
            <Selector
              columns={2}
              options={[
                { label: t('recheck.fixed'), value: 'ok' as const },
                { label: t('recheck.notFixed'), value: 'not_ok' as const },
              ]}
              value={recheck.result ? [recheck.result] : []}
              onChange={(value) => change(item.code, { result: value[0] })}
            />
            <TextArea
              placeholder={t('recheck.notePlaceholder')}
              value={recheck.note}
              onChange={(note) => change(item.code, { note })}
              maxLength={2000}
              rows={2}
            />
            <div className="field-muted">{t('recheck.photo')}</div>
            <PhotoPicker photos={recheck.photos} onChange={(photos) => change(item.code, { photos })} />
          </Form.Item>
        );
      })}
    </Form>
  );
}
