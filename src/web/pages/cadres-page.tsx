import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Segmented,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { AttendanceStatus, Cadre, Evaluation } from '../../shared/api/cadres';
import { addDays, chinaToday } from '../../shared/clock';
import type { Capability } from '../../shared/policy';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { useDebouncedValue } from '../components/use-debounced-value';
import { CadreImportModal } from '../features/cadres/cadre-import-modal';
import { CadreRegisterModal } from '../features/cadres/cadre-register-modal';
import { CadreRegistrationsTab } from '../features/cadres/cadre-registrations-tab';
import { AccuracyTab } from '../features/cadres/accuracy-tab';
import { CadreReportsTab } from '../features/cadres/cadre-reports-tab';
import { CadreSpotChecksButton } from '../features/cadres/cadre-spot-checks';
import { CadreRulesTab } from '../features/cadres/cadre-rules-tab';
import {
  EvaluationLinesTable,
  EvaluationRulesLine,
  GridMemberEvaluations,
  gradeColour,
} from '../features/cadres/evaluation-parts';
import { TimeSplitLine } from '../features/cadres/time-split';
import {
  useAttendance,
  useCadreAction,
  useCadres,
  useEvaluation,
  useTimeSplits,
  useServiceDays,
  type Period,
} from '../features/cadres/cadres-api';
import { useCan } from '../features/session/session-api';
import '../features/cadres/cadres.css';

const tabs = ['registry', 'registrations', 'attendance', 'evaluation', 'reports', 'accuracy', 'rules'] as const;
type Tab = (typeof tabs)[number];
/** What a tab needs beyond reading cadres: a community's registrations and the registry's verification are the
 * territory's, which a dispatching unit's account does not read. */
const tabNeeds: Partial<Record<Tab, Capability>> = { registrations: 'region.read', accuracy: 'registry.read' };

const statusColour: Record<AttendanceStatus, string | undefined> = {
  worked: 'green',
  roll_call_only: 'orange',
  absent: 'red',
  on_leave: 'blue',
  upcoming: undefined,
};

function EndButton({ cadre }: { cadre: Cadre }) {
  const { t } = useTranslation();
  const action = useCadreAction(cadre.id);
  const [reason, setReason] = useState('');
  return (
    <Popconfirm
      title={t('cadres.end.title', { name: cadre.name })}
      description={
        <Input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder={t('cadres.end.reason')}
        />
      }
      okButtonProps={{ disabled: reason.trim() === '', loading: action.isPending }}
      onConfirm={() => action.mutateAsync({ action: 'end', version: cadre.version, reason })}
    >
      <Button size="small" data-testid="end-cadre">
        {t('cadres.end.action')}
      </Button>
    </Popconfirm>
  );
}

/** A cadre as a card: who, which unit, where they serve and live, their grid and duties. */
function CadreCard({ cadre }: { cadre: Cadre }) {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Card size="small" className="record-card" data-testid="cadre-card">
      <Space orientation="vertical" size={4} className="full-width">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>
            {cadre.name} · {cadre.unit.name}
          </Typography.Text>
          <Space size={4}>
            <Tag>{t(`cadres.kind.${cadre.kind}`)}</Tag>
            <Tag color={cadre.status === 'active' ? 'green' : undefined}>{t(`cadres.status.${cadre.status}`)}</Tag>
          </Space>
        </Flex>
        <Typography.Text type="secondary">
          {t('cadres.card.serves', { region: cadre.serviceRegion.name })}
          {cadre.homeRegion ? ` · ${t('cadres.card.lives', { region: cadre.homeRegion.name })}` : ''} ·{' '}
          {cadre.grid ? t('cadres.card.grid', { grid: cadre.grid.name }) : t('cadres.card.noGrid')}
        </Typography.Text>
        {cadre.duties ? <Typography.Text>{cadre.duties}</Typography.Text> : null}
        <Flex justify="end" gap={8}>
          <CadreSpotChecksButton cadre={cadre} />
          {cadre.status === 'active' && can('cadre.manage') ? <EndButton cadre={cadre} /> : null}
        </Flex>
      </Space>
    </Card>
  );
}

function RegistryTab() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const cadres = useCadres({ q: useDebouncedValue(text, 300) || undefined });
  return (
    <Space orientation="vertical" size={12} className="full-width">
      <Input.Search allowClear placeholder={t('cadres.search')} onChange={(event) => setText(event.target.value)} />
      <QueryState query={cadres}>
        {() =>
          cadres.items.length === 0 ? (
            <Empty description={t('cadres.empty')} />
          ) : (
            <>
              <Flex vertical gap={8} data-testid="cadre-list">
                {cadres.items.map((cadre) => (
                  <CadreCard key={cadre.id} cadre={cadre} />
                ))}
              </Flex>
              <LoadMore list={cadres} />
            </>
          )
        }
      </QueryState>
    </Space>
  );
}

/** The last four weeks by default (a month of Wednesdays), in China dates as the check-ins are. */
function usePeriod() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const today = chinaToday();
    return [dayjs(addDays(today, -27)), dayjs(today)];
  });
  const period: Period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const picker = (
    <DatePicker.RangePicker
      allowClear={false}
      value={range}
      onChange={(value) => {
        if (value?.[0] && value[1]) setRange([value[0], value[1]]);
      }}
      aria-label={'period'}
    />
  );
  return { period, picker };
}

function AttendanceTab() {
  const { t } = useTranslation();
  const { period, picker } = usePeriod();
  const attendance = useAttendance(period);
  const timeSplits = useTimeSplits(period);
  const splitOf = new Map(timeSplits.data?.items.map((item) => [item.cadre.id, item.split]));
  const serviceDays = useServiceDays();
  return (
    <Space orientation="vertical" size={12} className="full-width">
      <Flex wrap gap={8} align="center">
        {picker}
        {serviceDays.data ? (
          <Typography.Text type="secondary">
            {t('cadres.attendance.serviceDays', {
              days: serviceDays.data.weekdays.map((day) => t(`cadres.weekdays.${String(day) as '1'}`)).join('、'),
              hours: serviceDays.data.expectedHours,
            })}
          </Typography.Text>
        ) : null}
      </Flex>
      <Typography.Text type="secondary">{t('cadres.attendance.rollCallHint')}</Typography.Text>
      <QueryState query={attendance}>
        {() =>
          attendance.data?.items.length ? (
            <Flex vertical gap={8} data-testid="attendance-list">
              {attendance.data.items.map((row) => (
                <Card key={row.cadre.id} size="small" className="record-card" data-testid="attendance-row">
                  <Space orientation="vertical" size={4} className="full-width">
                    <Flex justify="space-between" wrap gap={8}>
                      <Typography.Text strong>
                        {row.cadre.name} · {row.cadre.unit.name}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {t('cadres.attendance.totals', {
                          worked: row.worked,
                          rollCall: row.rollCallOnly,
                          absent: row.absent,
                          leave: row.onLeave,
                        })}
                      </Typography.Text>
                    </Flex>
                    <Flex wrap gap={4}>
                      {row.days.map((day) => (
                        <Tag key={day.day} color={statusColour[day.status]} data-testid={`attendance-${day.status}`}>
                          {day.day.slice(5)} {t(`cadres.attendanceStatus.${day.status}`)}
                          {day.checkIn?.insideGrid === false
                            ? ` · ${t('cadres.attendance.outside', { meters: day.checkIn.distanceMeters })}`
                            : ''}
                        </Tag>
                      ))}
                    </Flex>
                    {splitOf.has(row.cadre.id) ? <TimeSplitLine split={splitOf.get(row.cadre.id)!} /> : null}
                  </Space>
                </Card>
              ))}
            </Flex>
          ) : (
            <Empty description={t('cadres.empty')} />
          )
        }
      </QueryState>
    </Space>
  );
}

/** One cadre's evaluation, line by line: what was counted, the score, its weight and the points it gives. */
function EvaluationCard({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="record-card" data-testid="evaluation-card">
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text strong>
          {evaluation.cadre.name} · {evaluation.groupName}
        </Typography.Text>
        <Space size={4}>
          <Typography.Text>{t('cadres.evaluation.total', { total: evaluation.total })}</Typography.Text>
          <Tag color={gradeColour[evaluation.grade]} data-testid="evaluation-grade">
            {t(`cadres.grades.${evaluation.grade}`)}
          </Tag>
          <Typography.Text type="secondary">{t('cadres.evaluation.rank', { rank: evaluation.rank })}</Typography.Text>
        </Space>
      </Flex>
      <EvaluationLinesTable lines={evaluation.lines} />
      {evaluation.timeSplit ? <TimeSplitLine split={evaluation.timeSplit} /> : null}
    </Card>
  );
}

function EvaluationTab() {
  const { t } = useTranslation();
  const { period, picker } = usePeriod();
  const [rankWithin, setRankWithin] = useState<'community' | 'street' | 'unit'>('community');
  const [who, setWho] = useState<'cadres' | 'gridMembers'>('cadres');
  const evaluation = useEvaluation({ ...period, rankWithin });
  return (
    <Space orientation="vertical" size={12} className="full-width">
      <Flex wrap gap={8}>
        {picker}
        <Segmented
          value={who}
          onChange={setWho}
          data-testid="evaluation-who"
          options={(['cadres', 'gridMembers'] as const).map((value) => ({
            value,
            label: t(`cadres.evaluation.who.${value}`),
          }))}
        />
        {who === 'cadres' ? (
          <Segmented
            value={rankWithin}
            onChange={setRankWithin}
            options={(['community', 'street', 'unit'] as const).map((value) => ({
              value,
              label: t(`cadres.evaluation.rankWithin.${value}`),
            }))}
          />
        ) : null}
      </Flex>
      {who === 'gridMembers' ? (
        <GridMemberEvaluations period={period} />
      ) : (
        <QueryState query={evaluation}>
          {() => (
            <Flex vertical gap={8} data-testid="evaluation-list">
              <EvaluationRulesLine rules={evaluation.data!.rules} />
              {evaluation.data!.items.length ? (
                evaluation.data!.items.map((item) => <EvaluationCard key={item.cadre.id} evaluation={item} />)
              ) : (
                <Empty description={t('cadres.empty')} />
              )}
            </Flex>
          )}
        </QueryState>
      )}
    </Space>
  );
}

/** 下沉干部: the registry, the service days' attendance with the 点卯 flags, the evaluation and the county's rules. */
export default function CadresPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [searchParams, setSearchParams] = useSearchParams();
  const [isRegistering, setRegistering] = useState(false);
  const [isImporting, setImporting] = useState(false);
  const shownTabs = tabs.filter((key) => tabNeeds[key] === undefined || can(tabNeeds[key]));
  const tab: Tab = shownTabs.find((item) => item === searchParams.get('tab')) ?? 'registry';
  return (
    <PageCard
      title={t('cadres.title')}
      testId="cadres-page"
      actions={
        can('cadre.import') ? (
          <Space wrap>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-cadres">
              {t('cadreRegistration.import.action')}
            </Button>
            {can('cadre.manage') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setRegistering(true)}
                data-testid="add-cadre"
              >
                {t('cadres.register')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === 'registry' ? {} : { tab: key }, { replace: true })}
        items={shownTabs.map((key) => ({
          key,
          label: <span data-testid={`cadres-tab-${key}`}>{t(`cadres.tabs.${key}`)}</span>,
          children:
            key !== tab ? null : key === 'registry' ? (
              <RegistryTab />
            ) : key === 'registrations' ? (
              <CadreRegistrationsTab />
            ) : key === 'attendance' ? (
              <AttendanceTab />
            ) : key === 'evaluation' ? (
              <EvaluationTab />
            ) : key === 'reports' ? (
              <CadreReportsTab />
            ) : key === 'accuracy' ? (
              <AccuracyTab />
            ) : (
              <CadreRulesTab />
            ),
        }))}
      />
      <CadreRegisterModal open={isRegistering} onClose={() => setRegistering(false)} />
      <CadreImportModal open={isImporting} onClose={() => setImporting(false)} />
    </PageCard>
  );
}
