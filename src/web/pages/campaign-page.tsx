import { ArrowLeftOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Campaign, CampaignTallies, CampaignVisit } from '../../shared/api/campaigns';
import { describeError } from '../api/errors';
import { downloadFile } from '../components/download';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import { CampaignFormModal } from '../features/campaigns/campaign-form-modal';
import {
  useCampaign,
  useCampaignProblems,
  useCampaignProgress,
  useCampaignTasks,
  useCampaignVisits,
  useCreateTask,
  useDeleteTask,
  useUpdateCampaign,
  useUpdateTask,
} from '../features/campaigns/campaigns-api';
import { VisitFindings } from '../features/visits/visit-findings';
import { formatDateTime } from '../i18n';
import { campaignStatusColours } from './campaigns-page';

/** A campaign's page: its facts, big numbers, a progress bar per region, participants, tasks, visits and problems. */
export default function CampaignPage() {
  const { campaignId = '' } = useParams();
  const campaign = useCampaign(campaignId);
  return <QueryState query={campaign}>{() => <CampaignView campaign={campaign.data!} />}</QueryState>;
}

function percentOf(rate: number | null) {
  return rate === null ? 0 : Math.round(rate * 1000) / 10;
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [isEditing, setEditing] = useState(false);
  const update = useUpdateCampaign();
  const kindName = campaign.kindName
    ? i18n.language === 'en'
      ? campaign.kindName.en
      : campaign.kindName.zh
    : campaign.kind;
  const exportSummary = () =>
    downloadFile(`/campaigns/${encodeURIComponent(campaign.id)}/summary.xlsx`, undefined, 'campaign.xlsx').catch(
      (error: unknown) => void message.error(describeError(error).title),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="campaign-page">
      <Link to="/campaigns">
        <ArrowLeftOutlined /> {t('campaigns.back')}
      </Link>
      <PageCard
        title={
          <Space wrap>
            {campaign.name}
            <Tag color={campaignStatusColours[campaign.status]}>{t(`campaigns.status.${campaign.status}`)}</Tag>
          </Space>
        }
        actions={
          <>
            <Button icon={<DownloadOutlined />} onClick={() => void exportSummary()} data-testid="campaign-export">
              {t('campaigns.exportSummary')}
            </Button>
            {campaign.canEdit ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('campaigns.edit')}
                </Button>
                <Popconfirm
                  title={campaign.status === 'cancelled' ? t('campaigns.restore') : t('campaigns.cancelConfirm')}
                  onConfirm={() =>
                    update.mutateAsync({
                      id: campaign.id,
                      changes: { isCancelled: campaign.status !== 'cancelled' },
                    })
                  }
                >
                  <Button danger={campaign.status !== 'cancelled'}>
                    {campaign.status === 'cancelled' ? t('campaigns.restore') : t('campaigns.cancel')}
                  </Button>
                </Popconfirm>
              </>
            ) : null}
          </>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('campaigns.field.kind')}>{kindName}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.field.period')}>
            {campaign.startDate} ~ {campaign.endDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('campaigns.field.regions')}>
            {campaign.regions.map((region) => region.name).join('、')}
          </Descriptions.Item>
          {campaign.description ? (
            <Descriptions.Item label={t('campaigns.field.description')}>{campaign.description}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </PageCard>
      <Tallies tallies={campaign.tallies} />
      <RegionProgress campaignId={campaign.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Participants campaignId={campaign.id} />
        </Col>
        <Col xs={24} lg={12}>
          <Tasks campaign={campaign} />
        </Col>
      </Row>
      <Visits campaignId={campaign.id} />
      <Problems campaignId={campaign.id} />
      <CampaignFormModal open={isEditing} campaign={campaign} onClose={() => setEditing(false)} />
    </Space>
  );
}

function Tallies({ tallies }: { tallies: CampaignTallies }) {
  const { t } = useTranslation();
  const items: [keyof CampaignTallies, number | string][] = [
    ['personTimes', tallies.personTimes],
    ['householdsReached', tallies.householdsReached],
    ['coverageRate', `${percentOf(tallies.coverageRate)}%`],
    ['problemsFound', tallies.problemsFound],
    ['problemsSolved', tallies.problemsSolved],
    ['targets', tallies.targets],
  ];
  return (
    <Card title={t('campaigns.section.tallies')} data-testid="campaign-tallies">
      <Row gutter={[16, 16]}>
        {items.map(([key, value]) => (
          <Col key={key} xs={12} sm={8} lg={4}>
            <Statistic title={t(`campaigns.tally.${key}`)} value={value} data-testid={`tally-${key}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function RegionProgress({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const progress = useCampaignProgress(campaignId);
  return (
    <Card title={t('campaigns.section.progress')}>
      <QueryState query={progress}>
        {() => (
          <List
            dataSource={progress.data!.items}
            renderItem={(item) => (
              <List.Item data-testid="campaign-region-progress">
                <Flex vertical style={{ width: '100%' }} gap={4}>
                  <Flex justify="space-between" wrap gap={8}>
                    <Typography.Text strong>{item.regionName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('campaigns.tally.reachedTargets')} {item.reachedTargets}/{item.targets} ·{' '}
                      {t('campaigns.tally.personTimes')} {item.personTimes} · {t('campaigns.tally.problemsFound')}{' '}
                      {item.problemsFound}
                    </Typography.Text>
                  </Flex>
                  <Progress percent={percentOf(item.coverageRate)} />
                </Flex>
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </Card>
  );
}

function Participants({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const progress = useCampaignProgress(campaignId);
  return (
    <Card title={t('campaigns.section.participants')}>
      <QueryState query={progress}>
        {() => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={progress.data!.participants}
            columns={[
              { title: t('campaigns.column.name'), dataIndex: 'name' },
              {
                title: t('campaigns.column.kind'),
                render: (_, participant) => t(`campaigns.participantKind.${participant.kind}`),
              },
              { title: t('campaigns.column.organisation'), dataIndex: 'organisation' },
              { title: t('campaigns.column.personTimes'), dataIndex: 'personTimes' },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

type TaskValues = { title: string; dueDate?: { format(pattern: string): string }; assigneeId?: string };

function Tasks({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const tasks = useCampaignTasks(campaign.id);
  const create = useCreateTask(campaign.id);
  const update = useUpdateTask(campaign.id);
  const remove = useDeleteTask(campaign.id);
  const [form] = Form.useForm<TaskValues>();
  const add = async (values: TaskValues) => {
    await create.mutateAsync({
      title: values.title,
      dueDate: values.dueDate?.format('YYYY-MM-DD'),
      assigneeId: values.assigneeId,
    });
    form.resetFields();
  };
  return (
    <Card title={t('campaigns.section.tasks')}>
      <QueryState query={tasks}>
        {() => (
          <List
            dataSource={tasks.data!.items}
            locale={{ emptyText: t('campaigns.task.none') }}
            renderItem={(task) => (
              <List.Item
                actions={
                  campaign.canEdit
                    ? [
                        <Button
                          key="delete"
                          type="text"
                          icon={<DeleteOutlined />}
                          aria-label={t('campaigns.task.delete')}
                          onClick={() => remove.mutate(task.id)}
                        />,
                      ]
                    : []
                }
              >
                <Checkbox
                  checked={task.isDone}
                  onChange={(event) => update.mutate({ taskId: task.id, changes: { isDone: event.target.checked } })}
                >
                  {task.title}
                </Checkbox>
                <Typography.Text type="secondary">
                  {[task.assigneeName, task.dueDate].filter(Boolean).join(' · ')}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </QueryState>
      {campaign.canEdit ? (
        <Form form={form} layout="inline" onFinish={(values) => void add(values)} style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item name="title" rules={[{ required: true, max: 200 }]}>
            <Input placeholder={t('campaigns.task.title')} />
          </Form.Item>
          <Form.Item name="dueDate">
            <DatePicker placeholder={t('campaigns.task.dueDate')} />
          </Form.Item>
          <Form.Item name="assigneeId">
            <Select
              allowClear
              style={{ minWidth: 120 }}
              placeholder={t('campaigns.task.assignee')}
              options={campaign.participants.map((participant) => ({ value: participant.id, label: participant.name }))}
            />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
            {t('campaigns.task.add')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function Visits({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const visits = useCampaignVisits(campaignId);
  return (
    <Card
      title={t('campaigns.section.visits')}
      extra={visits.data ? t('campaigns.total', { count: visits.data.total }) : null}
    >
      <QueryState query={visits}>
        {() => (
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: true }}
            dataSource={visits.data!.items}
            columns={[
              { title: t('campaigns.column.visitedAt'), render: (_, visit) => formatDateTime(visit.visitedAt) },
              { title: t('campaigns.column.address'), dataIndex: 'address' },
              ...(isPhone
                ? []
                : [
                    { title: t('campaigns.column.region'), dataIndex: 'regionName' },
                    {
                      title: t('campaigns.column.visitors'),
                      render: (_: unknown, visit: { visitorNames: string[] }) => visit.visitorNames.join('、'),
                    },
                    {
                      title: t('campaigns.column.findings'),
                      render: (_: unknown, visit: CampaignVisit) => <VisitFindings visit={visit} />,
                    },
                  ]),
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

function Problems({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const problems = useCampaignProblems(campaignId);
  return (
    <Card
      title={t('campaigns.section.problems')}
      extra={problems.data ? t('campaigns.total', { count: problems.data.total }) : null}
    >
      <QueryState query={problems}>
        {() => (
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: true }}
            dataSource={problems.data!.items}
            columns={[
              {
                title: t('campaigns.column.number'),
                render: (_, problem) => <Link to={`/cases/${problem.id}`}>{problem.number}</Link>,
              },
              {
                title: t('campaigns.column.kind'),
                render: (_, problem) =>
                  problem.categoryName
                    ? i18n.language === 'en'
                      ? problem.categoryName.en
                      : problem.categoryName.zh
                    : '',
              },
              { title: t('campaigns.column.description'), dataIndex: 'description' },
              { title: t('campaigns.column.region'), dataIndex: 'regionName' },
              { title: t('campaigns.column.status'), render: (_, problem) => t(`cases.status.${problem.status}`) },
              { title: t('campaigns.column.reportedAt'), render: (_, problem) => formatDateTime(problem.reportedAt) },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
