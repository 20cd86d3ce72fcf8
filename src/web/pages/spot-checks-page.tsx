import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Image, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  SpotCheck,
  SpotCheckCorrection,
  SpotCheckFinding,
  SpotCheckPhoto,
  SpotCheckRecord,
} from '../../shared/api/spot-checks';
import { spotCheckOutcomes, type SpotCheckOutcome } from '../../shared/spot-checks';
import { chinaToday } from '../../shared/clock';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { formatDateTime } from '../i18n';
import { PhotoInput } from '../features/cases/case-photos';
// The photo button's hidden file input is styled there, with the cases' photos.
import '../features/cases/cases.css';
import '../features/spot-checks/spot-checks.css';
import { useCan } from '../features/session/session-api';
import {
  spotCheckPhotoUrl,
  useAddFinding,
  useAddPhotos,
  useAreaSearch,
  useCadreSearch,
  useCloseFinding,
  useCorrectFinding,
  useCorrectRecord,
  useOverdueFindings,
  usePlanSpotCheck,
  useRecordSpotCheck,
  useRectifyFinding,
  useSpotChecks,
  type FindingCorrectionInput,
  type FindingInput,
  type PlanInput,
  type RecordCorrectionInput,
  type RecordInput,
} from '../features/spot-checks/spot-checks-api';

const outcomeColours: Record<SpotCheckOutcome, string> = { at_post: 'green', absent: 'red', roll_call_only: 'orange' };
const findingColours: Record<SpotCheckFinding['status'], string> = { open: 'red', rectified: 'blue', closed: 'green' };

/** 督查抽查: the street or county plans unannounced checks, the group records them on a phone, findings are followed. */
export default function SpotChecksPage() {
  const { t } = useTranslation();
  const can = useCan();
  const checks = useSpotChecks();
  const overdue = useOverdueFindings();
  const [isPlanning, setPlanning] = useState(false);
  return (
    <PageCard
      title={t('spotChecks.title')}
      testId="spot-checks-page"
      actions={
        can('spot_check.plan') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setPlanning(true)}
            data-testid="plan-spot-check"
          >
            {t('spotChecks.plan')}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" size="middle" className="full-width">
        {can('spot_check.plan') ? <Alert type="info" showIcon message={t('spotChecks.hint')} /> : null}
        <Card size="small" title={t('spotChecks.overdueTitle')} data-testid="overdue-findings">
          <QueryState query={overdue}>
            {() => (
              <List
                size="small"
                dataSource={overdue.data}
                locale={{ emptyText: t('spotChecks.overdueEmpty') }}
                renderItem={(finding) => (
                  <List.Item>
                    {finding.region.name} · {finding.description} · {t('spotChecks.fields.deadline')} {finding.deadline}
                  </List.Item>
                )}
              />
            )}
          </QueryState>
        </Card>
        <QueryState query={checks}>
          {() =>
            checks.data!.length === 0 ? (
              <Typography.Text type="secondary">{t('spotChecks.empty')}</Typography.Text>
            ) : (
              checks.data!.map((check) => <SpotCheckCard key={check.id} check={check} />)
            )
          }
        </QueryState>
      </Space>
      <PlanModal open={isPlanning} onClose={() => setPlanning(false)} />
    </PageCard>
  );
}

function PlanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const plan = usePlanSpotCheck();
  const [text, setText] = useState('');
  const areas = useAreaSearch(text);
  return (
    <FormModal<PlanInput>
      title={t('spotChecks.plan')}
      open={open}
      initialValues={{ checkOn: chinaToday(), inspectors: [], regionIds: [] }}
      onSubmit={(values) => plan.mutateAsync(values)}
      onClose={onClose}
      testId="spot-check-form"
    >
      <Form.Item name="checkOn" label={t('spotChecks.fields.checkOn')} rules={[{ required: true }]}>
        <Input type="date" min={chinaToday()} data-testid="spot-check-date" />
      </Form.Item>
      <Form.Item name="title" label={t('spotChecks.fields.title')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} data-testid="spot-check-title" />
      </Form.Item>
      <Form.Item
        name="inspectors"
        label={t('spotChecks.fields.inspectors')}
        extra={t('spotChecks.fields.inspectorsHint')}
        rules={[{ required: true, type: 'array', min: 1 }]}
      >
        <Select mode="tags" open={false} data-testid="spot-check-inspectors" />
      </Form.Item>
      <Form.Item
        name="regionIds"
        label={t('spotChecks.fields.areas')}
        rules={[{ required: true, type: 'array', min: 1 }]}
      >
        <Select
          mode="multiple"
          showSearch
          filterOption={false}
          onSearch={setText}
          placeholder={t('spotChecks.fields.areasHint')}
          loading={areas.isFetching}
          options={(areas.data ?? []).map((region) => ({ value: region.id, label: region.name }))}
          data-testid="spot-check-areas"
        />
      </Form.Item>
    </FormModal>
  );
}

/** Photos as small thumbnails that open large. */
function Photos({ check, photos, testId }: { check: SpotCheck; photos: SpotCheckPhoto[]; testId: string }) {
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={4} data-testid={testId}>
        {photos.map((photo) => (
          <Image
            key={photo.id}
            src={spotCheckPhotoUrl(check.id, photo.id)}
            alt={photo.fileName}
            className="spot-check-photo"
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** Photos chosen in a form, sent once what they show is saved. */
function PhotoPicker({ value = [], onChange }: { value?: File[]; onChange?: (files: File[]) => void }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={4}>
      <PhotoInput
        label={t('spotChecks.takePhoto')}
        testId="spot-photo-input"
        onFiles={(files) => onChange?.([...value, ...files])}
      />
      {value.map((file, index) => (
        <Tag key={`${file.name}-${index}`} closable onClose={() => onChange?.(value.filter((other) => other !== file))}>
          {file.name}
        </Tag>
      ))}
    </Space>
  );
}

/** 更正于 … (who): why — the last correction of a record or finding, under it; every one is in the audit log. */
function CorrectionMark({ correction, testId }: { correction: SpotCheckCorrection; testId: string }) {
  const { t } = useTranslation();
  if (correction === null) return null;
  return (
    <Typography.Text type="warning" data-testid={testId}>
      {t('spotChecks.correction.mark', {
        time: formatDateTime(correction.correctedAt),
        name: correction.correctedBy,
        reason: correction.reason,
      })}
    </Typography.Text>
  );
}

function SpotCheckCard({ check }: { check: SpotCheck }) {
  const { t } = useTranslation();
  const can = useCan();
  const [isRecording, setRecording] = useState(false);
  const [isAddingFinding, setAddingFinding] = useState(false);
  const [rectifying, setRectifying] = useState<SpotCheckFinding>();
  // By id: a correction made meanwhile refreshes the check, and the dialog then sends the version it shows.
  const [correctingRecordId, setCorrectingRecordId] = useState<string>();
  const [correctingFindingId, setCorrectingFindingId] = useState<string>();
  const close = useCloseFinding();
  const addPhotos = useAddPhotos(check.id);
  const hasStarted = check.checkOn <= chinaToday();
  return (
    <Card
      size="small"
      title={check.title}
      data-testid={`spot-check-${check.title}`}
      extra={
        check.canManage && hasStarted ? (
          <Flex wrap gap={4}>
            <Button size="small" onClick={() => setRecording(true)} data-testid="record-cadre">
              {t('spotChecks.record')}
            </Button>
            <Button size="small" onClick={() => setAddingFinding(true)} data-testid="add-finding">
              {t('spotChecks.addFinding')}
            </Button>
          </Flex>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        {t('spotChecks.summary', {
          date: check.checkOn,
          areas: check.areas.map((area) => area.name).join('、'),
          inspectors: check.inspectors.join('、'),
        })}
      </Typography.Paragraph>
      <Typography.Text strong>{t('spotChecks.records')}</Typography.Text>
      <List
        size="small"
        dataSource={check.records}
        locale={{ emptyText: t('spotChecks.noRecords') }}
        renderItem={(record) => (
          <List.Item
            data-testid={`spot-record-${record.cadre.name}`}
            actions={
              check.canManage
                ? [
                    <Button
                      key="correct"
                      size="small"
                      onClick={() => setCorrectingRecordId(record.id)}
                      data-testid="correct-record"
                    >
                      {t('spotChecks.correct')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={4}>
              <Space wrap size={4}>
                <span>{record.cadre.name}</span>
                <Tag color={outcomeColours[record.outcome]}>{t(`spotChecks.outcomes.${record.outcome}`)}</Tag>
                <span>{[record.place, record.activity, record.note].filter(Boolean).join(' · ')}</span>
              </Space>
              <CorrectionMark correction={record.correction} testId="spot-record-correction" />
              <Space wrap size={4}>
                <Photos check={check} photos={record.photos} testId="spot-record-photos" />
                {check.canManage ? (
                  <PhotoInput
                    label={t('spotChecks.addPhoto')}
                    isLoading={addPhotos.isPending}
                    testId="spot-record-photo-input"
                    onFiles={(files) => addPhotos.mutate({ stage: 'record', subjectId: record.id, files })}
                  />
                ) : null}
              </Space>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Text strong>{t('spotChecks.findings')}</Typography.Text>
      <List
        size="small"
        dataSource={check.findings}
        locale={{ emptyText: t('spotChecks.noFindings') }}
        renderItem={(finding) => (
          <List.Item
            data-testid={`finding-${finding.description}`}
            actions={[
              finding.status === 'open' && check.canManage ? (
                <Button
                  key="correct"
                  size="small"
                  onClick={() => setCorrectingFindingId(finding.id)}
                  data-testid="correct-finding"
                >
                  {t('spotChecks.correct')}
                </Button>
              ) : null,
              finding.status === 'open' && can('cadre.manage') ? (
                <Button key="rectify" size="small" onClick={() => setRectifying(finding)} data-testid="rectify-finding">
                  {t('spotChecks.rectify')}
                </Button>
              ) : null,
              finding.status === 'rectified' && check.canManage ? (
                <Button
                  key="close"
                  size="small"
                  loading={close.isPending}
                  onClick={() => close.mutate(finding.id)}
                  data-testid="close-finding"
                >
                  {t('spotChecks.close')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <Space direction="vertical" size={0}>
              <Space wrap size={4}>
                <span>{finding.region.name}</span>
                <Tag color={findingColours[finding.status]}>{t(`spotChecks.findingStatus.${finding.status}`)}</Tag>
                {finding.isOverdue ? <Tag color="red">{t('spotChecks.overdue')}</Tag> : null}
              </Space>
              <span>{finding.description}</span>
              <Typography.Text type="secondary">
                {t('spotChecks.fields.deadline')} {finding.deadline}
                {finding.rectificationNote ? ` · ${finding.rectifiedOn} ${finding.rectificationNote}` : ''}
              </Typography.Text>
              <CorrectionMark correction={finding.correction} testId="finding-correction" />
              <Photos
                check={check}
                photos={finding.photos.filter((photo) => photo.stage === 'finding')}
                testId="finding-photos"
              />
              {finding.photos.some((photo) => photo.stage === 'rectification') ? (
                <>
                  <Typography.Text type="secondary">{t('spotChecks.rectificationPhotos')}</Typography.Text>
                  <Photos
                    check={check}
                    photos={finding.photos.filter((photo) => photo.stage === 'rectification')}
                    testId="rectification-photos"
                  />
                </>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
      <RecordModal check={check} open={isRecording} onClose={() => setRecording(false)} />
      <FindingModal check={check} open={isAddingFinding} onClose={() => setAddingFinding(false)} />
      <RectifyModal check={check} finding={rectifying} onClose={() => setRectifying(undefined)} />
      <CorrectRecordModal
        check={check}
        record={check.records.find((record) => record.id === correctingRecordId)}
        onClose={() => setCorrectingRecordId(undefined)}
      />
      <CorrectFindingModal
        check={check}
        finding={check.findings.find((finding) => finding.id === correctingFindingId && finding.status === 'open')}
        onClose={() => setCorrectingFindingId(undefined)}
      />
    </Card>
  );
}

function RecordModal({ check, open, onClose }: { check: SpotCheck; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordSpotCheck(check.id);
  const [text, setText] = useState('');
  const cadres = useCadreSearch(text);
  return (
    <FormModal<RecordInput & { photos: File[] }>
      title={t('spotChecks.record')}
      open={open}
      initialValues={{ outcome: 'at_post', photos: [] }}
      onSubmit={(values) => record.mutateAsync(values)}
      onClose={onClose}
      testId="spot-record-form"
    >
      <Form.Item name="cadreId" label={t('spotChecks.fields.cadre')} rules={[{ required: true }]}>
        <Select
          showSearch
          filterOption={false}
          onSearch={setText}
          loading={cadres.isFetching}
          options={(cadres.data ?? []).map((cadre) => ({
            value: cadre.id,
            label: `${cadre.name} · ${cadre.grid?.name ?? cadre.serviceRegion.name}`,
          }))}
          data-testid="spot-record-cadre"
        />
      </Form.Item>
      <RecordFields testIdPrefix="spot-record" />
      <Form.Item name="photos" label={t('spotChecks.fields.photos')}>
        <PhotoPicker />
      </Form.Item>
    </FormModal>
  );
}

function FindingModal({ check, open, onClose }: { check: SpotCheck; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddFinding(check);
  return (
    <FormModal<FindingInput & { photos: File[] }>
      title={t('spotChecks.addFinding')}
      open={open}
      initialValues={{ regionId: check.areas[0]?.id, photos: [] }}
      onSubmit={(values) => add.mutateAsync(values)}
      onClose={onClose}
      testId="finding-form"
    >
      <Form.Item name="regionId" label={t('spotChecks.fields.region')} rules={[{ required: true }]}>
        <Select options={check.areas.map((area) => ({ value: area.id, label: area.name }))} />
      </Form.Item>
      <FindingFields checkOn={check.checkOn} testIdPrefix="finding" />
      <Form.Item name="photos" label={t('spotChecks.fields.photos')}>
        <PhotoPicker />
      </Form.Item>
    </FormModal>
  );
}

function RectifyModal({
  check,
  finding,
  onClose,
}: {
  check: SpotCheck;
  finding: SpotCheckFinding | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rectify = useRectifyFinding();
  return (
    <FormModal<{ note: string; rectifiedOn: string; photos: File[] }>
      title={t('spotChecks.rectify')}
      open={finding !== undefined}
      initialValues={{ rectifiedOn: chinaToday(), photos: [] }}
      onSubmit={(values) => rectify.mutateAsync({ id: finding!.id, spotCheckId: check.id, ...values })}
      onClose={onClose}
      testId="rectify-form"
    >
      <Form.Item
        name="note"
        label={t('spotChecks.fields.rectificationNote')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea maxLength={500} rows={2} data-testid="rectify-note" />
      </Form.Item>
      <Form.Item name="rectifiedOn" label={t('spotChecks.fields.rectifiedOn')} rules={[{ required: true }]}>
        <Input type="date" max={chinaToday()} />
      </Form.Item>
      <Form.Item name="photos" label={t('spotChecks.fields.rectificationPhotos')}>
        <PhotoPicker />
      </Form.Item>
    </FormModal>
  );
}

/** The reason every correction gives, kept with it and in the audit log. */
function ReasonItem() {
  const { t } = useTranslation();
  return (
    <Form.Item name="reason" label={t('spotChecks.correction.reason')} rules={[{ required: true, whitespace: true }]}>
      <Input.TextArea
        maxLength={200}
        rows={2}
        placeholder={t('spotChecks.correction.reasonHint')}
        data-testid="correction-reason"
      />
    </Form.Item>
  );
}

/**
 * Whether a correction changes any of the fields it shows: one that does not is refused here with a word (the server
 * refuses it too), and its dialog stays open.
 */
function useChangeCheck() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return <Fields extends Record<string, string>>(current: Fields, values: Fields): boolean => {
    if (Object.keys(current).some((key) => (values[key] ?? '').trim() !== current[key])) return true;
    void message.warning(t('spotChecks.correction.unchanged'));
    return false;
  };
}

/** The dialog's fields: an input emptied by the user may come back undefined. */
type RecordCorrectionValues = Pick<RecordCorrectionInput, 'outcome' | 'reason'> &
  Partial<Pick<RecordCorrectionInput, 'place' | 'activity' | 'note'>>;

/** 更正 of a record: what was found as it should read, and why; the version read guards a correction meanwhile. */
function CorrectRecordModal({
  check,
  record,
  onClose,
}: {
  check: SpotCheck;
  record: SpotCheckRecord | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isChanged = useChangeCheck();
  const correct = useCorrectRecord(check.id);
  const submit = ({ reason, ...values }: RecordCorrectionValues) => {
    const { outcome, place, activity, note } = record!;
    const fields = {
      outcome: values.outcome,
      place: values.place ?? '',
      activity: values.activity ?? '',
      note: values.note ?? '',
    };
    if (!isChanged({ outcome, place, activity, note }, fields)) return Promise.reject(new Error('unchanged'));
    return correct.mutateAsync({ recordId: record!.id, version: record!.version, reason, ...fields });
  };
  return (
    <FormModal<RecordCorrectionValues>
      title={record ? `${t('spotChecks.correction.recordTitle')} · ${record.cadre.name}` : ''}
      open={record !== undefined}
      initialValues={
        record && { outcome: record.outcome, place: record.place, activity: record.activity, note: record.note }
      }
      onSubmit={submit}
      onClose={onClose}
      testId="correct-record-form"
    >
      <RecordFields testIdPrefix="correct-record" />
      <ReasonItem />
    </FormModal>
  );
}

type FindingCorrectionValues = Omit<FindingCorrectionInput, 'findingId' | 'version'>;

/** 更正 of an open finding: its text and deadline, and why. */
function CorrectFindingModal({
  check,
  finding,
  onClose,
}: {
  check: SpotCheck;
  finding: SpotCheckFinding | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isChanged = useChangeCheck();
  const correct = useCorrectFinding(check.id);
  const submit = ({ reason, ...fields }: FindingCorrectionValues) => {
    const { description, deadline } = finding!;
    if (!isChanged({ description, deadline }, fields)) return Promise.reject(new Error('unchanged'));
    return correct.mutateAsync({ findingId: finding!.id, version: finding!.version, reason, ...fields });
  };
  return (
    <FormModal<FindingCorrectionValues>
      title={t('spotChecks.correction.findingTitle')}
      open={finding !== undefined}
      initialValues={finding && { description: finding.description, deadline: finding.deadline }}
      onSubmit={submit}
      onClose={onClose}
      testId="correct-finding-form"
    >
      <FindingFields checkOn={check.checkOn} testIdPrefix="correct-finding" />
      <ReasonItem />
    </FormModal>
  );
}

/** What the group found a cadre doing, as recorded and as corrected: the same fields in both dialogs. */
function RecordFields({ testIdPrefix }: { testIdPrefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="outcome" label={t('spotChecks.fields.outcome')} rules={[{ required: true }]}>
        <Select
          options={spotCheckOutcomes.map((outcome) => ({ value: outcome, label: t(`spotChecks.outcomes.${outcome}`) }))}
          data-testid={`${testIdPrefix}-outcome`}
        />
      </Form.Item>
      <Form.Item name="place" label={t('spotChecks.fields.place')}>
        <Input maxLength={200} data-testid={`${testIdPrefix}-place`} />
      </Form.Item>
      <Form.Item name="activity" label={t('spotChecks.fields.activity')}>
        <Input maxLength={200} data-testid={`${testIdPrefix}-activity`} />
      </Form.Item>
      <Form.Item name="note" label={t('spotChecks.fields.note')}>
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
    </>
  );
}

/** A finding to rectify by a deadline from the check's day on, as added and as corrected: the same fields in both. */
function FindingFields({ checkOn, testIdPrefix }: { checkOn: string; testIdPrefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="description"
        label={t('spotChecks.fields.description')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea maxLength={500} rows={2} data-testid={`${testIdPrefix}-description`} />
      </Form.Item>
      <Form.Item name="deadline" label={t('spotChecks.fields.deadline')} rules={[{ required: true }]}>
        <Input type="date" min={checkOn} data-testid={`${testIdPrefix}-deadline`} />
      </Form.Item>
    </>
  );
}
