import { ArrowLeftOutlined, EyeOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  List,
  Radio,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { uuidv7 } from 'uuidv7';
import type { DisputeDetail, OutcomeInput } from '../../shared/api/disputes';
import {
  escalationTargets,
  mayHoldSession,
  mayRecordOutcome,
  settledLevels,
  type DisputeOutcome,
} from '../../shared/disputes';
import { apiUrl } from '../api/client';
import { FormModal } from '../components/form-modal';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import { DisputeStatusTag } from '../features/disputes/dispute-status-tag';
import { GridMediators } from '../features/disputes/dispute-register-modal';
import {
  useAddSession,
  useDispute,
  useKindName,
  useRecordOutcome,
  useUpdateDispute,
} from '../features/disputes/disputes-api';
import { ReasonModal } from '../features/registry/reason-modal';
import { useCan } from '../features/session/session-api';
import { formatDateTime } from '../i18n';

type SessionValues = { heldAt: Dayjs; place?: string; attendees?: string; notes: string };
type OutcomeValues = {
  outcome: DisputeOutcome;
  level?: (typeof settledLevels)[number];
  agreement?: string;
  to?: (typeof escalationTargets)[number];
  note?: string;
};

type MediatorValues = { staffIds?: string[]; volunteerNames?: string[]; talkPointId?: string };

/** 调解力量: the staff of the grid and above (by name), volunteers and the village's talk point, while it is open. */
function MediatorsModal({ dispute, open, onClose }: { dispute: DisputeDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateDispute(dispute.id);
  const { mediators } = dispute;
  return (
    <FormModal<MediatorValues>
      title={t('disputes.detail.mediators')}
      open={open}
      onClose={onClose}
      onSubmit={(values) =>
        update.mutateAsync({
          version: dispute.version,
          mediators: {
            staffIds: values.staffIds ?? [],
            volunteerNames: (values.volunteerNames ?? []).map((name) => name.trim()).filter(Boolean),
            talkPointId: values.talkPointId ?? null,
          },
        })
      }
      initialValues={{
        staffIds: mediators.staff.map((person) => person.id),
        volunteerNames: mediators.volunteerNames,
        talkPointId: mediators.talkPoint?.id,
      }}
      testId="dispute-mediators"
    >
      <GridMediators regionId={dispute.regionId} />
      <Form.Item name="volunteerNames" label={t('disputes.form.volunteers')}>
        <Select mode="tags" open={false} suffixIcon={null} />
      </Form.Item>
    </FormModal>
  );
}

function SessionModal({ dispute, open, onClose }: { dispute: DisputeDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const addSession = useAddSession(dispute.id);
  // One id per opening: a retry after a lost answer records the session once.
  const [clientId, setClientId] = useState(uuidv7);
  return (
    <FormModal<SessionValues>
      title={t('disputes.detail.addSession')}
      open={open}
      onClose={onClose}
      initialValues={{ heldAt: dayjs() }}
      testId="dispute-session"
      onSubmit={async (values) => {
        await addSession.mutateAsync({
          id: clientId,
          heldAt: values.heldAt.toISOString(),
          place: values.place?.trim() ?? '',
          attendees: values.attendees?.trim() ?? '',
          notes: values.notes.trim(),
        });
        setClientId(uuidv7());
      }}
    >
      <Form.Item
        name="heldAt"
        label={t('disputes.session.heldAt')}
        rules={[{ required: true, message: t('disputes.session.heldAtRequired') }]}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="full-width" />
      </Form.Item>
      <Form.Item name="place" label={t('disputes.session.place')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="attendees" label={t('disputes.session.attendees')}>
        <Input maxLength={1000} />
      </Form.Item>
      <Form.Item
        name="notes"
        label={t('disputes.session.notes')}
        rules={[{ required: true, whitespace: true, message: t('disputes.session.notesRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={4000} data-testid="dispute-session-notes" />
      </Form.Item>
    </FormModal>
  );
}

function OutcomeModal({ dispute, open, onClose }: { dispute: DisputeDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const recordOutcome = useRecordOutcome(dispute.id);
  const [photo, setPhoto] = useState<File>();
  const isAtTown = dispute.status === 'escalated';
  const outcomes = (['settled', 'escalated', 'withdrawn'] as const).filter((outcome) =>
    mayRecordOutcome(dispute.status, dispute.escalatedTo, outcome),
  );
  const submit = async (values: OutcomeValues) => {
    const outcome: OutcomeInput =
      values.outcome === 'settled'
        ? { outcome: 'settled', version: dispute.version, level: values.level!, agreement: values.agreement!.trim() }
        : values.outcome === 'escalated'
          ? { outcome: 'escalated', version: dispute.version, to: values.to!, note: values.note!.trim() }
          : { outcome: 'withdrawn', version: dispute.version, note: values.note!.trim() };
    await recordOutcome.mutateAsync({ outcome, photo: values.outcome === 'settled' ? photo : undefined });
    setPhoto(undefined);
  };
  return (
    <FormModal<OutcomeValues>
      title={t('disputes.detail.recordOutcome')}
      open={open}
      onClose={onClose}
      initialValues={{ outcome: 'settled', level: isAtTown ? 'town' : 'village', to: 'town_committee' }}
      testId="dispute-outcome"
      onSubmit={submit}
    >
      <Form.Item name="outcome" label={t('disputes.outcome.kind')}>
        <Radio.Group
          optionType="button"
          options={outcomes.map((value) => ({ value, label: t(`disputes.outcome.${value}`) }))}
          data-testid="dispute-outcome-kind"
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['outcome']}>
        {({ getFieldValue }) => {
          const outcome = getFieldValue('outcome') as DisputeOutcome;
          if (outcome === 'settled') {
            return (
              <>
                <Form.Item name="level" label={t('disputes.outcome.level')}>
                  <Radio.Group
                    options={(isAtTown ? (['town'] as const) : settledLevels).map((value) => ({
                      value,
                      label: t(`disputes.level.${value}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name="agreement"
                  label={t('disputes.outcome.agreement')}
                  rules={[{ required: true, whitespace: true, message: t('disputes.outcome.agreementRequired') }]}
                >
                  <Input.TextArea rows={4} maxLength={8000} data-testid="dispute-agreement" />
                </Form.Item>
                <Form.Item label={t('disputes.outcome.photo')}>
                  <Upload
                    accept="image/*"
                    maxCount={1}
                    beforeUpload={(file) => {
                      setPhoto(file);
                      return false;
                    }}
                    onRemove={() => setPhoto(undefined)}
                  >
                    <Button icon={<UploadOutlined />} data-testid="dispute-agreement-photo">
                      {t('disputes.outcome.choosePhoto')}
                    </Button>
                  </Upload>
                </Form.Item>
              </>
            );
          }
          return (
            <>
              {outcome === 'escalated' ? (
                <Form.Item name="to" label={t('disputes.outcome.to')}>
                  <Select
                    options={escalationTargets.map((value) => ({
                      value,
                      label: t(`disputes.escalationTarget.${value}`),
                    }))}
                  />
                </Form.Item>
              ) : null}
              <Form.Item
                name="note"
                label={t('disputes.outcome.note')}
                rules={[{ required: true, whitespace: true, message: t('disputes.outcome.noteRequired') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} data-testid="dispute-outcome-note" />
              </Form.Item>
            </>
          );
        }}
      </Form.Item>
    </FormModal>
  );
}

function Parties({ dispute, onReveal }: { dispute: DisputeDetail; onReveal?: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('disputes.detail.parties')}
      extra={
        dispute.isMasked && onReveal ? (
          <Button size="small" icon={<EyeOutlined />} onClick={onReveal} data-testid="dispute-reveal">
            {t('disputes.detail.reveal')}
          </Button>
        ) : null
      }
    >
      <List
        size="small"
        dataSource={dispute.parties}
        renderItem={(party) => (
          <List.Item data-testid="dispute-party-row">
            <Flex wrap gap={8} align="center">
              <Typography.Text strong>
                {party.personId && party.name === '—' ? t('disputes.unknownParty') : party.name}
              </Typography.Text>
              <Tag>{party.personId ? t('disputes.detail.resident') : t('disputes.detail.outsider')}</Tag>
              {party.isMinor ? <Tag color="orange">{t('disputes.detail.minor')}</Tag> : null}
              {party.regionName ? <Typography.Text type="secondary">{party.regionName}</Typography.Text> : null}
              {party.phone ? <Typography.Text data-testid="dispute-party-phone">{party.phone}</Typography.Text> : null}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Outcome({ dispute }: { dispute: DisputeDetail }) {
  const { t } = useTranslation();
  if (dispute.status === 'registered' || dispute.status === 'mediating') return null;
  return (
    <Card size="small" title={t('disputes.detail.outcome')} data-testid="dispute-outcome-card">
      <Descriptions size="small" column={1}>
        {dispute.settledLevel ? (
          <Descriptions.Item label={t('disputes.detail.settledLevel')}>
            {t(`disputes.level.${dispute.settledLevel}`)}
          </Descriptions.Item>
        ) : null}
        {dispute.agreement ? (
          <Descriptions.Item label={t('disputes.detail.agreement')}>
            <Typography.Paragraph className="dispute-text">{dispute.agreement}</Typography.Paragraph>
          </Descriptions.Item>
        ) : null}
        {dispute.escalatedTo ? (
          <Descriptions.Item label={t('disputes.detail.escalatedTo')}>
            {t(`disputes.escalationTarget.${dispute.escalatedTo}`)}
          </Descriptions.Item>
        ) : null}
        {dispute.outcomeNote ? (
          <Descriptions.Item label={t('disputes.detail.note')}>{dispute.outcomeNote}</Descriptions.Item>
        ) : null}
        {dispute.closedAt ? (
          <Descriptions.Item label={t('disputes.detail.closedAt')}>
            {formatDateTime(dispute.closedAt)}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {dispute.hasAgreementPhoto ? (
        <Image
          width={200}
          alt={t('disputes.detail.agreementPhoto')}
          src={apiUrl(`/disputes/${dispute.id}/agreement-photo`, { v: dispute.version })}
          data-testid="dispute-agreement-image"
        />
      ) : null}
    </Card>
  );
}

function DisputeView({ dispute, onReveal }: { dispute: DisputeDetail; onReveal?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const browserLocation = useLocation();
  const kindName = useKindName();
  const [isAddingSession, setAddingSession] = useState(false);
  const [isRecordingOutcome, setRecordingOutcome] = useState(false);
  const [isChangingMediators, setChangingMediators] = useState(false);
  const mayMediate = can('dispute.mediate');
  const mayAddSession = mayMediate && mayHoldSession(dispute.status, dispute.escalatedTo);
  const mayConclude =
    mayMediate &&
    (['settled', 'escalated', 'withdrawn'] as const).some((outcome) =>
      mayRecordOutcome(dispute.status, dispute.escalatedTo, outcome),
    );
  const { mediators } = dispute;
  return (
    <Space orientation="vertical" size={16} className="full-width" data-testid="dispute-page">
      <Card>
        <Space orientation="vertical" size={12} className="full-width">
          <Flex align="center" gap={8} wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('disputes.detail.back')}
              onClick={() => void (browserLocation.key === 'default' ? navigate('/disputes') : navigate(-1))}
            />
            <Typography.Title level={4} className="region-title" data-testid="dispute-title">
              {kindName(dispute.kindName, dispute.kind)}
            </Typography.Title>
            <DisputeStatusTag record={dispute} />
          </Flex>
          <Descriptions size="small" column={isPhone ? 1 : 2}>
            <Descriptions.Item label={t('disputes.detail.region')}>{dispute.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.detail.registeredAt')}>
              {formatDateTime(dispute.registeredAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('disputes.detail.summary')} span={isPhone ? 1 : 2}>
              <Typography.Paragraph className="dispute-text" data-testid="dispute-summary-text">
                {dispute.summary}
              </Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('disputes.detail.mediators')} span={isPhone ? 1 : 2}>
              <Flex wrap gap={4}>
                {mediators.staff.map((person) => (
                  <Tag key={person.id}>{person.name}</Tag>
                ))}
                {mediators.volunteerNames.map((name) => (
                  <Tag key={name} color="green">
                    {name}
                  </Tag>
                ))}
                {mediators.talkPoint ? <Tag color="blue">{mediators.talkPoint.name}</Tag> : null}
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={t('disputes.detail.legalAid')}>
              {dispute.hasLegalAid ? (dispute.legalAidBy ?? '✓') : t('disputes.detail.legalAidNone')}
            </Descriptions.Item>
          </Descriptions>
          {mayAddSession || mayConclude ? (
            <Flex wrap gap={8}>
              {mayAddSession ? (
                <Button onClick={() => setChangingMediators(true)} data-testid="dispute-change-mediators">
                  {t('disputes.detail.changeMediators')}
                </Button>
              ) : null}
              {mayAddSession ? (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => setAddingSession(true)}
                  data-testid="dispute-add-session"
                >
                  {t('disputes.detail.addSession')}
                </Button>
              ) : null}
              {mayConclude ? (
                <Button type="primary" onClick={() => setRecordingOutcome(true)} data-testid="dispute-record-outcome">
                  {t('disputes.detail.recordOutcome')}
                </Button>
              ) : null}
            </Flex>
          ) : null}
        </Space>
      </Card>
      <Parties dispute={dispute} onReveal={can('sensitive.read') ? onReveal : undefined} />
      <Card size="small" title={t('disputes.detail.sessions')}>
        {dispute.sessions.length === 0 ? (
          <Empty description={t('disputes.detail.noSessions')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            data-testid="dispute-sessions"
            items={dispute.sessions.map((session) => ({
              key: session.id,
              children: (
                <Space orientation="vertical" size={2}>
                  <Typography.Text strong>
                    {formatDateTime(session.heldAt)}
                    {session.place ? ` · ${session.place}` : ''}
                  </Typography.Text>
                  {session.attendees ? (
                    <Typography.Text type="secondary">
                      {t('disputes.session.attendees')}：{session.attendees}
                    </Typography.Text>
                  ) : null}
                  <Typography.Paragraph className="dispute-text">{session.notes}</Typography.Paragraph>
                  {session.recordedBy ? (
                    <Typography.Text type="secondary">
                      {t('disputes.session.recordedBy')}：{session.recordedBy}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            }))}
          />
        )}
      </Card>
      <Outcome dispute={dispute} />
      <SessionModal dispute={dispute} open={isAddingSession} onClose={() => setAddingSession(false)} />
      <OutcomeModal dispute={dispute} open={isRecordingOutcome} onClose={() => setRecordingOutcome(false)} />
      <MediatorsModal dispute={dispute} open={isChangingMediators} onClose={() => setChangingMediators(false)} />
    </Space>
  );
}

/** A dispute's page: its facts, parties (masked), the sessions' timeline, the outcome, and the forms to go on. */
export default function DisputeDetailPage() {
  const { t } = useTranslation();
  const { disputeId } = useParams();
  const [revealReason, setRevealReason] = useState<string>();
  const [isAskingReason, setAskingReason] = useState(false);
  const dispute = useDispute(disputeId, revealReason);
  return (
    <QueryState query={dispute}>
      {() => (
        <>
          <DisputeView dispute={dispute.data!} onReveal={() => setAskingReason(true)} />
          <ReasonModal
            title={t('disputes.detail.reveal')}
            explanation={t('disputes.detail.masked')}
            open={isAskingReason}
            onClose={() => setAskingReason(false)}
            onSubmit={async (reason) => setRevealReason(reason)}
          />
        </>
      )}
    </QueryState>
  );
}
