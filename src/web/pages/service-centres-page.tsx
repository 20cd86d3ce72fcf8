import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CentreFigures, ServiceCentre } from '../../shared/api/service-centres';
import type { RegionLevel } from '../../shared/policy';
import {
  centreKinds,
  consultationOutcomes,
  type CentreKind,
  type ConsultationOutcome,
} from '../../shared/service-centres';
import { isApiError } from '../api/client';
import { downloadFile } from '../components/download';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useKindName } from '../features/pairings/pairings-api';
import { SidePicker } from '../features/pairings/side-picker';
import { RegionPicker } from '../features/regions/region-picker';
import {
  useCentreFigures,
  useConsultationKinds,
  useConsultations,
  useCreateCentre,
  useRecordConsultation,
  useServiceCentres,
} from '../features/service-centres/service-centres-api';
import { useCan } from '../features/session/session-api';
import { formatDateTime } from '../i18n';

const outcomeColours: Record<ConsultationOutcome, string> = {
  answered: 'blue',
  handled: 'green',
  referred: 'purple',
  pending: 'gold',
};

/** Where each kind may be: a centre serves a town or a village, a talk point a village. */
const centreLevels: Record<CentreKind, readonly RegionLevel[]> = {
  centre: ['town', 'village'],
  talk_point: ['village'],
};

type CentreValues = { kind: CentreKind; regionId: string; name: string; address?: string; phone?: string };

function CentreFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateCentre();
  const [kind, setKind] = useState<CentreKind>('centre');
  return (
    <FormModal<CentreValues>
      title={t('serviceCentres.add')}
      open={open}
      onClose={onClose}
      initialValues={{ kind: 'centre' }}
      testId="centre-form"
      onSubmit={(values) =>
        create.mutateAsync({
          kind: values.kind,
          regionId: values.regionId,
          name: values.name,
          address: values.address ?? '',
          phone: values.phone ?? '',
        })
      }
    >
      <Form.Item name="kind" label={t('serviceCentres.centreForm.kind')}>
        <Select
          onChange={setKind}
          options={centreKinds.map((value) => ({ value, label: t(`serviceCentres.kind.${value}`) }))}
          data-testid="centre-kind"
        />
      </Form.Item>
      <Form.Item
        name="regionId"
        label={t('serviceCentres.centreForm.region')}
        rules={[{ required: true, message: t('serviceCentres.centreForm.regionRequired') }]}
      >
        <RegionPicker selectableLevels={centreLevels[kind]} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('serviceCentres.centreForm.name')}
        rules={[{ required: true, whitespace: true, message: t('serviceCentres.centreForm.nameRequired') }]}
      >
        <Input maxLength={80} data-testid="centre-name" />
      </Form.Item>
      <Form.Item name="address" label={t('serviceCentres.centreForm.address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="phone" label={t('serviceCentres.centreForm.phone')}>
        <Input maxLength={40} inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}

type ConsultationValues = {
  kind: string;
  outcome: ConsultationOutcome;
  subject: string;
  personId?: string;
  note?: string;
};

function ConsultationFormModal({ centreId, open, onClose }: { centreId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const kindName = useKindName();
  const kinds = useConsultationKinds();
  const record = useRecordConsultation(centreId);
  return (
    <FormModal<ConsultationValues>
      title={t('serviceCentres.record')}
      open={open}
      onClose={onClose}
      initialValues={{ outcome: 'answered' }}
      testId="consultation-form"
      onSubmit={async (values) => {
        await record.mutateAsync({
          kind: values.kind,
          outcome: values.outcome,
          subject: values.subject,
          personId: values.personId ?? null,
          note: values.note ?? '',
        });
        void message.success(t('serviceCentres.consultationForm.done'));
      }}
    >
      <Form.Item
        name="kind"
        label={t('serviceCentres.consultationForm.kind')}
        rules={[{ required: true, message: t('serviceCentres.consultationForm.kindRequired') }]}
      >
        <Select
          loading={kinds.isPending}
          options={(kinds.data ?? [])
            .filter((kind) => kind.isActive)
            .map((kind) => ({ value: kind.code, label: kindName({ zh: kind.nameZh, en: kind.nameEn }, kind.code) }))}
          data-testid="consultation-kind"
        />
      </Form.Item>
      <Form.Item
        name="outcome"
        label={t('serviceCentres.consultationForm.outcome')}
        rules={[{ required: true, message: t('serviceCentres.consultationForm.outcomeRequired') }]}
      >
        <Select
          options={consultationOutcomes.map((value) => ({ value, label: t(`serviceCentres.outcome.${value}`) }))}
          data-testid="consultation-outcome"
        />
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('serviceCentres.consultationForm.subject')}
        rules={[{ required: true, whitespace: true, message: t('serviceCentres.consultationForm.subjectRequired') }]}
      >
        <Input maxLength={200} data-testid="consultation-subject" />
      </Form.Item>
      <Form.Item name="personId" label={t('serviceCentres.consultationForm.person')}>
        <SidePicker side="person" testId="consultation-person" />
      </Form.Item>
      <Form.Item name="note" label={t('serviceCentres.consultationForm.note')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
      </Form.Item>
    </FormModal>
  );
}

function FiguresCard({ figures }: { figures: CentreFigures }) {
  const { t } = useTranslation();
  const kindName = useKindName();
  const outcomeColumns = consultationOutcomes.map((outcome) => ({
    title: t(`serviceCentres.outcome.${outcome}`),
    dataIndex: outcome,
    key: outcome,
    align: 'right' as const,
  }));
  const sumColumn = {
    title: t('serviceCentres.figures.sum'),
    dataIndex: 'total',
    key: 'total',
    align: 'right' as const,
  };
  return (
    <Card size="small" title={t('serviceCentres.figures.title')} data-testid="centre-figures">
      <Space orientation="vertical" size={12} className="full-width">
        <Statistic title={t('serviceCentres.figures.total')} value={figures.total} />
        <Table
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowKey="kind"
          title={() => t('serviceCentres.figures.byKind')}
          dataSource={figures.kinds}
          columns={[
            {
              title: t('serviceCentres.figures.kind'),
              key: 'kind',
              render: (_, row) => kindName(row.kindName, row.kind),
            },
            sumColumn,
            ...outcomeColumns,
          ]}
        />
        <Table
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowKey="month"
          title={() => t('serviceCentres.figures.byMonth')}
          dataSource={figures.months}
          columns={[
            { title: t('serviceCentres.figures.month'), dataIndex: 'month', key: 'month' },
            sumColumn,
            ...outcomeColumns,
          ]}
        />
      </Space>
    </Card>
  );
}

function CentreView({ centre, mayRecord }: { centre: ServiceCentre; mayRecord: boolean }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const kindName = useKindName();
  const figures = useCentreFigures(centre.id);
  const consultations = useConsultations(centre.id);
  const [isRecording, setRecording] = useState(false);
  const download = () =>
    downloadFile(`/service-centres/${centre.id}/figures.xlsx`, undefined, `${centre.name}.xlsx`).catch((error) => {
      if (isApiError(error)) notification.error({ title: error.message, placement: 'topRight' });
    });
  return (
    <Space orientation="vertical" size={12} className="full-width" data-testid="centre-view">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('serviceCentres.info.region')}>{centre.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('serviceCentres.info.count')}>{centre.consultationCount}</Descriptions.Item>
        <Descriptions.Item label={t('serviceCentres.info.address')}>{centre.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('serviceCentres.info.phone')}>{centre.phone || '—'}</Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {mayRecord ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRecording(true)}
            data-testid="record-consultation"
          >
            {t('serviceCentres.record')}
          </Button>
        ) : null}
        <Button icon={<DownloadOutlined />} onClick={() => void download()} data-testid="download-centre-figures">
          {t('serviceCentres.figures.download')}
        </Button>
      </Space>
      {figures.data ? <FiguresCard figures={figures.data} /> : null}
      <Card size="small" title={t('serviceCentres.consultations.title')}>
        <QueryState query={consultations}>
          {() => (
            <List
              dataSource={consultations.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('serviceCentres.consultations.empty')} /> }}
              renderItem={(item) => (
                <List.Item data-testid="consultation">
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <Tag>{kindName(item.kindName, item.kind)}</Tag>
                        <Tag color={outcomeColours[item.outcome]}>{t(`serviceCentres.outcome.${item.outcome}`)}</Tag>
                        <Typography.Text>{item.subject}</Typography.Text>
                      </Space>
                    }
                    description={[
                      formatDateTime(item.happenedAt),
                      item.person?.name,
                      item.recordedBy ? t('serviceCentres.consultations.by', { name: item.recordedBy }) : undefined,
                      item.note || undefined,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </List.Item>
              )}
            />
          )}
        </QueryState>
      </Card>
      <ConsultationFormModal centreId={centre.id} open={isRecording} onClose={() => setRecording(false)} />
    </Space>
  );
}

/**
 * 党群服务中心: the centres and talk points of the user's area and above it; a centre's figures of the last year by
 * kind, outcome and month (and their Excel), and its log of consultations, where grid workers at the desk add theirs.
 */
export default function ServiceCentresPage() {
  const { t } = useTranslation();
  const can = useCan();
  const centres = useServiceCentres();
  const [chosenId, setChosenId] = useState<string>();
  const [isAdding, setAdding] = useState(false);
  const chosen = centres.data?.find((centre) => centre.id === chosenId) ?? centres.data?.[0];
  return (
    <PageCard
      title={t('serviceCentres.title')}
      testId="service-centres-page"
      actions={
        can('service_centre.manage') ? (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-centre">
            {t('serviceCentres.add')}
          </Button>
        ) : null
      }
    >
      <QueryState query={centres}>
        {() =>
          chosen ? (
            <Space orientation="vertical" size={12} className="full-width">
              <Select
                className="full-width"
                value={chosen.id}
                onChange={setChosenId}
                aria-label={t('serviceCentres.choose')}
                data-testid="centre-select"
                options={(centres.data ?? []).map((centre) => ({
                  value: centre.id,
                  label: `${centre.name} · ${centre.regionName} · ${t(`serviceCentres.kind.${centre.kind}`)}`,
                }))}
              />
              <CentreView key={chosen.id} centre={chosen} mayRecord={can('service_centre.record')} />
            </Space>
          ) : (
            <Empty description={t('serviceCentres.empty')} />
          )
        }
      </QueryState>
      <CentreFormModal open={isAdding} onClose={() => setAdding(false)} />
    </PageCard>
  );
}
