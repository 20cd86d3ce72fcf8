import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { uuidv7 } from 'uuidv7';
import type { Checklist, InspectionInput } from '../../shared/api/inspections';
import type { Place } from '../../shared/api/registry';
import { inspectionItemResults, type InspectionItemResult } from '../../shared/inspections';
import { errorText } from '../api/errors';
import { PageCard } from '../components/page-card';
import { useDebouncedValue } from '../components/use-debounced-value';
import { PhotoUpload, resultColors } from '../features/inspections/inspection-parts';
import { useChecklists, useLocalName, useRecordInspection } from '../features/inspections/inspections-api';
import { usePlaces } from '../features/registry/places-api';

/** What the inspector said of one item. */
type ItemAnswer = {
  result?: InspectionItemResult;
  note: string;
  photoIds: string[];
  resolution: 'fixed' | 'case';
  fixNote: string;
  fixPhotoIds: string[];
  tier: 'general' | 'complex';
};

const emptyAnswer: ItemAnswer = {
  note: '',
  photoIds: [],
  resolution: 'fixed',
  fixNote: '',
  fixPhotoIds: [],
  tier: 'general',
};

/** One item of the checklist: ok / not ok / not applicable; a failed one is fixed on the spot or becomes a case. */
function ItemCard({
  code,
  name,
  answer,
  onChange,
}: {
  code: string;
  name: string;
  answer: ItemAnswer;
  onChange: (answer: ItemAnswer) => void;
}) {
  const { t } = useTranslation();
  const set = (change: Partial<ItemAnswer>) => onChange({ ...answer, ...change });
  return (
    <Card size="small" data-testid={`inspection-item-${code}`}>
      <Space orientation="vertical" size={8} className="full-width">
        <Typography.Text strong>{name}</Typography.Text>
        <Radio.Group
          value={answer.result}
          onChange={(event) => set({ result: event.target.value as InspectionItemResult })}
          optionType="button"
          buttonStyle="solid"
          options={inspectionItemResults.map((result) => ({
            value: result,
            label: t(`inspections.result.${result}`),
            style: answer.result === result ? { borderColor: resultColors[result] } : undefined,
          }))}
          data-testid={`inspection-item-${code}-result`}
        />
        {answer.result === 'not_ok' ? (
          <>
            <Input.TextArea
              rows={2}
              maxLength={2000}
              placeholder={t('inspections.form.itemNote')}
              value={answer.note}
              onChange={(event) => set({ note: event.target.value })}
              data-testid={`inspection-item-${code}-note`}
            />
            <PhotoUpload
              ids={answer.photoIds}
              onChange={(photoIds) => set({ photoIds })}
              label={t('inspections.form.hazardPhoto')}
            />
            <Radio.Group
              value={answer.resolution}
              onChange={(event) => set({ resolution: event.target.value as ItemAnswer['resolution'] })}
              options={[
                { value: 'fixed', label: t('inspections.resolution.fixed') },
                { value: 'case', label: t('inspections.resolution.case') },
              ]}
              data-testid={`inspection-item-${code}-resolution`}
            />
            {answer.resolution === 'fixed' ? (
              <>
                <Input
                  maxLength={2000}
                  placeholder={t('inspections.form.fixNote')}
                  value={answer.fixNote}
                  onChange={(event) => set({ fixNote: event.target.value })}
                />
                <PhotoUpload
                  ids={answer.fixPhotoIds}
                  onChange={(fixPhotoIds) => set({ fixPhotoIds })}
                  label={t('inspections.form.fixPhoto')}
                  testId={`inspection-item-${code}-fix-photo`}
                />
              </>
            ) : (
              <Select
                value={answer.tier}
                onChange={(tier) => set({ tier })}
                options={[
                  { value: 'general', label: t('inspections.form.tierGeneral') },
                  { value: 'complex', label: t('inspections.form.tierComplex') },
                ]}
                style={{ maxWidth: 320 }}
              />
            )}
          </>
        ) : null}
      </Space>
    </Card>
  );
}

/** 记录排查: pick the place, its checklist's items appear; tick each, photograph, fix on the spot or make a case. */
export default function InspectionFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const localName = useLocalName();
  const [search, setSearch] = useState('');
  const places = usePlaces({ regionId: undefined, kind: undefined, search: useDebouncedValue(search.trim()) });
  const [place, setPlace] = useState<Place>();
  const checklists = useChecklists({ placeKind: place?.kind });
  const [checklistId, setChecklistId] = useState<string>();
  const checklist: Checklist | undefined = useMemo(
    () => checklists.data?.find((entry) => entry.id === checklistId) ?? checklists.data?.[0],
    [checklists.data, checklistId],
  );
  const [inspectedAt, setInspectedAt] = useState<Dayjs>(() => dayjs());
  const [notes, setNotes] = useState('');
  const [answers, setAnswers] = useState<Record<string, ItemAnswer>>({});
  // One id for this inspection, kept across retries, so a lost answer does not record it twice.
  const [id, setId] = useState(() => uuidv7());
  const record = useRecordInspection();

  const answerOf = (code: string) => answers[code] ?? emptyAnswer;
  const unanswered = checklist ? checklist.items.filter((item) => !answerOf(item.code).result).length : 0;

  const submit = async () => {
    if (!place || !checklist) return;
    if (unanswered > 0) {
      void message.warning(t('inspections.form.unanswered', { count: unanswered }));
      return;
    }
    const missingFix = checklist.items.find((item) => {
      const answer = answerOf(item.code);
      return answer.result === 'not_ok' && answer.resolution === 'fixed' && answer.fixPhotoIds.length === 0;
    });
    if (missingFix) {
      void message.warning(`${localName(missingFix.name)}：${t('inspections.form.fixPhotoRequired')}`);
      return;
    }
    const input: InspectionInput = {
      id,
      placeId: place.id,
      checklistId: checklist.id,
      inspectedAt: inspectedAt.toISOString(),
      notes,
      items: checklist.items.map((item) => {
        const answer = answerOf(item.code);
        const failed = answer.result === 'not_ok';
        return {
          code: item.code,
          result: answer.result!,
          note: failed ? answer.note : '',
          photoIds: failed ? answer.photoIds : [],
          ...(failed
            ? {
                resolution:
                  answer.resolution === 'fixed'
                    ? { kind: 'fixed' as const, note: answer.fixNote, photoIds: answer.fixPhotoIds }
                    : { kind: 'case' as const, tier: answer.tier },
              }
            : {}),
        };
      }),
    };
    try {
      const saved = await record.mutateAsync(input);
      const numbers = saved.items.flatMap((item) => (item.case ? [item.case.number] : []));
      void message.success(
        numbers.length > 0
          ? t('inspections.form.savedWithCases', { numbers: numbers.join('、') })
          : t('inspections.form.saved'),
      );
      setId(uuidv7());
      void navigate(`/inspections/${saved.id}`);
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <PageCard title={t('inspections.record')} testId="inspection-form">
      <Form layout="vertical">
        <Form.Item label={t('inspections.form.choosePlace')} required>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            value={place?.id}
            placeholder={t('inspections.form.searchPlace')}
            onChange={(placeId: string) => {
              setPlace(places.items.find((entry) => entry.id === placeId));
              setChecklistId(undefined);
              setAnswers({});
            }}
            options={places.items.map((entry) => ({
              value: entry.id,
              label: `${entry.name}（${entry.regionName}${entry.address ? ` · ${entry.address}` : ''}）`,
            }))}
            data-testid="inspection-place"
          />
        </Form.Item>
        {place && checklists.data && checklists.data.length > 1 ? (
          <Form.Item label={t('inspections.checklist')}>
            <Select
              value={checklist?.id}
              onChange={(value: string) => {
                setChecklistId(value);
                setAnswers({});
              }}
              options={checklists.data.map((entry) => ({ value: entry.id, label: localName(entry.name) }))}
            />
          </Form.Item>
        ) : null}
        <Flex wrap gap={8}>
          <Form.Item label={t('inspections.inspectedAt')} required>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowClear={false}
              value={inspectedAt}
              onChange={(value) => value && setInspectedAt(value)}
              disabledDate={(day) => day.isAfter(dayjs(), 'day') || day.isBefore(dayjs().subtract(31, 'day'), 'day')}
            />
          </Form.Item>
        </Flex>
        {place && checklists.isSuccess && !checklist ? <Empty description={t('inspections.form.noChecklist')} /> : null}
        {checklist ? (
          <Form.Item label={`${t('inspections.form.items')} · ${localName(checklist.name)}`}>
            <Space orientation="vertical" size={8} className="full-width">
              {checklist.items.map((item) => (
                <ItemCard
                  key={item.code}
                  code={item.code}
                  name={localName(item.name)}
                  answer={answerOf(item.code)}
                  onChange={(answer) => setAnswers((all) => ({ ...all, [item.code]: answer }))}
                />
              ))}
            </Space>
          </Form.Item>
        ) : null}
        <Form.Item label={t('inspections.notes')}>
          <Input.TextArea rows={2} maxLength={4000} value={notes} onChange={(event) => setNotes(event.target.value)} />
        </Form.Item>
        <Button
          type="primary"
          onClick={() => void submit()}
          loading={record.isPending}
          disabled={!place || !checklist}
          data-testid="inspection-submit"
        >
          {t('inspections.form.submit')}
        </Button>
      </Form>
    </PageCard>
  );
}
