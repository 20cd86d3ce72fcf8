import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type {
  CadreReport,
  CadreReportKind,
  CadreReportStatus,
  CadreReportSummary,
} from '../../../shared/api/cadre-reports';
import { addDays, chinaToday } from '../../../shared/clock';
import { describeError } from '../../api/errors';
import { downloadFile } from '../../components/download';
import { FormModal } from '../../components/form-modal';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n';
import { useCan, useSignedInSession } from '../session/session-api';
import { RegionPicker } from './cadre-register-modal';
import {
  useCadreReport,
  useCadreReportStep,
  useCadreReports,
  useGenerateCadreReport,
  type ReportStep,
} from './cadre-reports-api';
import { UnitSelect } from '../pairings/unit-select';

/** The console imports the API contract as types only: the kinds and statuses are listed again, checked against it. */
const kinds: readonly CadreReportKind[] = ['monthly', 'quarterly', 'yearly'];
const statuses: readonly CadreReportStatus[] = ['draft', 'submitted', 'approved', 'returned'];
const statusColour: Record<CadreReportStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  approved: 'green',
  returned: 'orange',
};

/** The last whole period of a kind: what is usually reported on. */
function lastPeriod(kind: CadreReportKind): string {
  const today = chinaToday();
  if (kind === 'yearly') return String(Number(today.slice(0, 4)) - 1);
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1);
  if (kind === 'monthly') return lastMonth.slice(0, 7);
  const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  const previous = addDays(quarterStart, -1);
  return `${previous.slice(0, 4)}-Q${Math.ceil(Number(previous.slice(5, 7)) / 3)}`;
}

type GenerateValues = { kind: CadreReportKind; period: string; regionId?: string; unitId?: string };

function GenerateModal({
  open,
  onClose,
  onGenerated,
}: {
  open: boolean;
  onClose: () => void;
  onGenerated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const generate = useGenerateCadreReport();
  // A dispatching unit's own account reports its own year, and nothing else.
  const ownUnit = useSignedInSession().user.unit;
  const [kind, setKind] = useState<CadreReportKind>(ownUnit ? 'yearly' : 'monthly');
  const submit = async (values: GenerateValues) => {
    const report = await generate.mutateAsync({ ...values, kind, ...(ownUnit ? { unitId: ownUnit.id } : {}) });
    onGenerated(report.id);
  };
  return (
    <FormModal<GenerateValues>
      title={t('cadreReports.generate')}
      open={open}
      initialValues={{ kind, period: lastPeriod(kind) }}
      onSubmit={submit}
      onClose={onClose}
      testId="generate-cadre-report"
    >
      <Form.Item label={t('cadreReports.fields.kind')}>
        <Segmented
          value={kind}
          onChange={(value) => setKind(value as CadreReportKind)}
          options={(ownUnit ? (['yearly'] as const) : kinds).map((value) => ({
            value,
            label: t(`cadreReports.kind.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('cadreReports.fields.period')}
        extra={t(`cadreReports.periodHint.${kind}`)}
        rules={[{ required: true, message: t('common.required', { field: t('cadreReports.fields.period') }) }]}
      >
        <Input placeholder={lastPeriod(kind)} maxLength={7} data-testid="cadre-report-period" />
      </Form.Item>
      {ownUnit ? (
        <Form.Item label={t('cadreReports.fields.unit')}>
          <Typography.Text>{ownUnit.name}</Typography.Text>
        </Form.Item>
      ) : kind === 'yearly' ? (
        <Form.Item
          name="unitId"
          label={t('cadreReports.fields.unit')}
          rules={[{ required: true, message: t('common.required', { field: t('cadreReports.fields.unit') }) }]}
        >
          <UnitSelect />
        </Form.Item>
      ) : (
        <Form.Item
          name="regionId"
          label={t(kind === 'monthly' ? 'cadreReports.fields.community' : 'cadreReports.fields.street')}
          rules={[{ required: true, message: t('common.required', { field: t('cadreReports.fields.region') }) }]}
        >
          <RegionPicker key={kind} level={kind === 'monthly' ? 'village' : 'town'} testId="cadre-report-region" />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** A step that needs a few words (a return's comment, a reopening's reason), asked in a small dialog. */
function WordsDialog({
  title,
  onSubmit,
  onClose,
}: {
  title: string;
  onSubmit: (words: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [words, setWords] = useState('');
  const [isSending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    try {
      await onSubmit(words.trim());
      onClose();
    } catch {
      // The mutation has told the user why; the dialog stays open with the words typed.
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => void send()}
      okButtonProps={{ disabled: words.trim() === '', loading: isSending }}
    >
      <Input.TextArea
        value={words}
        onChange={(event) => setWords(event.target.value)}
        maxLength={500}
        rows={3}
        data-testid="cadre-report-words"
      />
      <Typography.Text type="secondary">{t('cadreReports.wordsHint')}</Typography.Text>
    </Modal>
  );
}

function ReportSteps({ report }: { report: CadreReport }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const step = useCadreReportStep(report.id);
  const generate = useGenerateCadreReport();
  const [asking, setAsking] = useState<'return' | 'reopen' | undefined>();
  const take = (input: ReportStep) => step.mutateAsync(input);
  const isOpen = report.status === 'draft' || report.status === 'returned';
  const download = async (format: 'xlsx' | 'pdf') => {
    try {
      await downloadFile(`/cadre-reports/${report.id}/report.${format}`, undefined, `cadre-report.${format}`);
    } catch (error) {
      void message.error(describeError(error).title);
    }
  };
  return (
    <Flex wrap gap={8}>
      {isOpen && can('cadre.report.submit') ? (
        <>
          <Button
            loading={generate.isPending}
            onClick={() =>
              generate.mutate({
                kind: report.kind,
                period: report.period,
                ...(report.unit ? { unitId: report.unit.id } : { regionId: report.region.id }),
              })
            }
          >
            {t('cadreReports.refresh')}
          </Button>
          <Button
            type="primary"
            loading={step.isPending}
            onClick={() => void take({ step: 'submit', version: report.version }).catch(() => undefined)}
            data-testid="cadre-report-submit"
          >
            {t('cadreReports.submit')}
          </Button>
        </>
      ) : null}
      {report.canReview ? (
        <>
          <Button
            type="primary"
            loading={step.isPending}
            onClick={() => void take({ step: 'approve', version: report.version }).catch(() => undefined)}
            data-testid="cadre-report-approve"
          >
            {t('cadreReports.approve')}
          </Button>
          <Button danger onClick={() => setAsking('return')} data-testid="cadre-report-return">
            {t('cadreReports.return')}
          </Button>
        </>
      ) : null}
      {report.status === 'approved' && can('cadre.report.approve') ? (
        <Button onClick={() => setAsking('reopen')} data-testid="cadre-report-reopen">
          {t('cadreReports.reopen')}
        </Button>
      ) : null}
      <Button icon={<DownloadOutlined />} onClick={() => void download('xlsx')}>
        Excel
      </Button>
      <Button icon={<DownloadOutlined />} onClick={() => void download('pdf')} data-testid="cadre-report-pdf">
        PDF
      </Button>
      {asking ? (
        <WordsDialog
          title={t(`cadreReports.${asking}`)}
          onClose={() => setAsking(undefined)}
          onSubmit={(words) =>
            take(
              asking === 'return'
                ? { step: 'return', version: report.version, comment: words }
                : { step: 'reopen', version: report.version, reason: words },
            )
          }
        />
      ) : null}
    </Flex>
  );
}

function subjectOf(report: CadreReportSummary): string {
  return report.unit?.name ?? report.region.name;
}

function ReportDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useCadreReport(id);
  const report = query.data;
  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={report ? `${subjectOf(report)} ${report.period} ${t(`cadreReports.kind.${report.kind}`)}` : ''}
      data-testid="cadre-report-drawer"
    >
      <QueryState query={query}>
        {() =>
          report ? (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('cadreReports.fields.status')}>
                  <Tag color={statusColour[report.status]} data-testid="cadre-report-status">
                    {t(`cadreReports.status.${report.status}`)}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item
                  label={t('cadreReports.fields.dates')}
                >{`${report.from} — ${report.to}`}</Descriptions.Item>
                <Descriptions.Item label={t('cadreReports.fields.submittedBy')}>
                  {report.submittedBy ? `${report.submittedBy.name} ${formatDateTime(report.submittedAt)}` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('cadreReports.fields.reviewedBy')}>
                  {report.reviewedBy ? `${report.reviewedBy.name} ${formatDateTime(report.reviewedAt)}` : '—'}
                </Descriptions.Item>
              </Descriptions>
              {report.comment ? (
                <Alert type="warning" showIcon title={t('cadreReports.comment')} description={report.comment} />
              ) : null}
              {report.status === 'approved' ? (
                <Alert type="success" showIcon title={t('cadreReports.lockedHint')} />
              ) : null}
              <ReportSteps report={report} />
              <Table
                size="small"
                rowKey="unitId"
                pagination={false}
                dataSource={report.figures.units}
                columns={[
                  { title: t('cadreReports.fields.unit'), dataIndex: 'unitName' },
                  { title: t('cadreReports.fields.cadres'), dataIndex: 'cadres' },
                  {
                    title: t('cadreReports.fields.attended'),
                    render: (_, unit) => `${unit.attended} / ${unit.expected}`,
                  },
                  { title: t('cadreReports.fields.rollCallOnly'), dataIndex: 'rollCallOnly' },
                  { title: t('cadreReports.fields.absent'), dataIndex: 'absent' },
                  { title: t('cadreReports.fields.work'), dataIndex: 'work' },
                ]}
              />
              <Table
                size="small"
                rowKey="cadreId"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={report.figures.rows}
                data-testid="cadre-report-rows"
                columns={[
                  { title: t('cadreReports.fields.name'), dataIndex: 'name' },
                  { title: t('cadreReports.fields.unit'), dataIndex: 'unitName' },
                  { title: t('cadreReports.fields.community'), dataIndex: 'communityName' },
                  { title: t('cadreReports.fields.attended'), render: (_, row) => `${row.attended} / ${row.expected}` },
                  { title: t('cadreReports.fields.rollCallOnly'), dataIndex: 'rollCallOnly' },
                  { title: t('cadreReports.fields.absent'), dataIndex: 'absent' },
                  { title: t('cadreReports.fields.onLeave'), dataIndex: 'onLeave' },
                  { title: t('cadreReports.fields.work'), dataIndex: 'work' },
                  {
                    title: t('cadreReports.fields.total'),
                    render: (_, row) => `${row.total} ${t(`cadres.grades.${row.grade}`)}`,
                  },
                ]}
              />
            </Space>
          ) : null
        }
      </QueryState>
    </Drawer>
  );
}

/** 报告: the reports up the chain in scope, by kind, period and status; those waiting for the caller first to hand. */
export function CadreReportsTab() {
  const { t } = useTranslation();
  const can = useCan();
  const [searchParams, setSearchParams] = useSearchParams();
  const [kind, setKind] = useState<CadreReportKind | 'all'>('all');
  const [status, setStatus] = useState<CadreReportStatus | undefined>();
  const [period, setPeriod] = useState('');
  const [isAwaitingMe, setAwaitingMe] = useState(false);
  const [isGenerating, setGenerating] = useState(false);
  const openId = searchParams.get('report') ?? undefined;
  const open = (id: string | undefined) =>
    setSearchParams(id ? { tab: 'reports', report: id } : { tab: 'reports' }, { replace: true });
  const reports = useCadreReports({
    kind: kind === 'all' ? undefined : kind,
    status,
    period: period.trim() === '' ? undefined : period.trim(),
    awaitingMe: isAwaitingMe,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Flex wrap gap={12} align="center">
        <Segmented
          value={kind}
          onChange={(value) => setKind(value as CadreReportKind | 'all')}
          options={[
            { value: 'all', label: t('cadreReports.all') },
            ...kinds.map((value) => ({ value, label: t(`cadreReports.kind.${value}`) })),
          ]}
        />
        <Select<CadreReportStatus>
          allowClear
          placeholder={t('cadreReports.fields.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={statuses.map((value) => ({ value, label: t(`cadreReports.status.${value}`) }))}
        />
        <Input
          placeholder={t('cadreReports.fields.period')}
          value={period}
          onChange={(event) => setPeriod(event.target.value)}
          style={{ width: 120 }}
          allowClear
        />
        {can('cadre.report.approve') ? (
          <Checkbox
            checked={isAwaitingMe}
            onChange={(event) => setAwaitingMe(event.target.checked)}
            data-testid="cadre-reports-awaiting"
          >
            {t('cadreReports.awaitingMe')}
          </Checkbox>
        ) : null}
        {can('cadre.report.submit') ? (
          <Button
            icon={<FileAddOutlined />}
            onClick={() => setGenerating(true)}
            data-testid="generate-cadre-report-open"
          >
            {t('cadreReports.generate')}
          </Button>
        ) : null}
      </Flex>
      <QueryState query={reports}>
        {() => (
          <Table<CadreReportSummary>
            rowKey="id"
            size="middle"
            dataSource={reports.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('cadreReports.empty') }}
            onRow={(report) => ({ onClick: () => open(report.id), style: { cursor: 'pointer' } })}
            data-testid="cadre-reports"
            columns={[
              { title: t('cadreReports.fields.kind'), render: (_, report) => t(`cadreReports.kind.${report.kind}`) },
              { title: t('cadreReports.fields.period'), dataIndex: 'period' },
              { title: t('cadreReports.fields.subject'), render: (_, report) => subjectOf(report) },
              {
                title: t('cadreReports.fields.status'),
                render: (_, report) => (
                  <Space size={4}>
                    <Tag color={statusColour[report.status]}>{t(`cadreReports.status.${report.status}`)}</Tag>
                    {report.canReview ? <Tag color="red">{t('cadreReports.yourTurn')}</Tag> : null}
                  </Space>
                ),
              },
              { title: t('cadreReports.fields.submittedBy'), render: (_, report) => report.submittedBy?.name ?? '—' },
              { title: t('cadreReports.fields.reviewedBy'), render: (_, report) => report.reviewedBy?.name ?? '—' },
              {
                title: t('cadreReports.fields.generatedAt'),
                render: (_, report) => formatDateTime(report.generatedAt),
              },
            ]}
          />
        )}
      </QueryState>
      <GenerateModal open={isGenerating} onClose={() => setGenerating(false)} onGenerated={open} />
      {openId ? <ReportDrawer id={openId} onClose={() => open(undefined)} /> : null}
    </Space>
  );
}
