import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, Entry, Figures, Reward, Rule } from '../../shared/api/moral-bank';
import { chinaToday } from '../../shared/clock';
import type { EntryStatus, RulePeriod } from '../../shared/moral-bank';
import { isApiError } from '../api/client';
import { downloadFile } from '../components/download';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import {
  useAccount,
  useAccounts,
  useChangeReward,
  useCorrect,
  useCreateReward,
  useCreateRule,
  useDecide,
  useDeposit,
  useFigures,
  usePendingEntries,
  useRankings,
  useRedeem,
  useRewards,
  useRules,
  useSaveSettings,
  useSettings,
} from '../features/moral-bank/moral-bank-api';
import { useCan, useSignedInSession } from '../features/session/session-api';
import { formatDateTime } from '../i18n';

const statusColours: Record<EntryStatus, string> = {
  recorded: 'green',
  approved: 'green',
  pending_approval: 'gold',
  refused: 'red',
};

/** This month and the five before it, newest first (YYYY-MM). */
function recentMonths(): string[] {
  const [year, month] = chinaToday().split('-').map(Number) as [number, number];
  return Array.from({ length: 6 }, (_, index) => {
    const total = year * 12 + (month - 1) - index;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

function FiguresRow({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const keys = [
    'deposits',
    'pointsDeposited',
    'pending',
    'redemptions',
    'pointsRedeemed',
    'pointsOutstanding',
  ] as const;
  return (
    <Card size="small" title={t('moralBank.figures.period')} data-testid="moral-bank-figures">
      <Row gutter={[12, 12]}>
        {keys.map((key) => (
          <Col key={key} xs={12} sm={8} lg={4}>
            <Statistic title={t(`moralBank.figures.${key}`)} value={figures[key]} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function EntryLine({ entry, onCorrect }: { entry: Entry; onCorrect?: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="moral-bank-entry">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Space size={4} wrap>
          <Tag>{t(`moralBank.kind.${entry.kind}`)}</Tag>
          <Tag color={statusColours[entry.status]}>{t(`moralBank.status.${entry.status}`)}</Tag>
          <Typography.Text strong>{entry.points > 0 ? `+${entry.points}` : entry.points}</Typography.Text>
        </Space>
        {onCorrect ? (
          <Button size="small" onClick={onCorrect}>
            {t('moralBank.account.correct')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph className="moral-bank-reason">
        {/* A redemption's reason is its gift's name: said once. */}
        {entry.personName} · {[...new Set([entry.rule?.name ?? entry.reward?.name, entry.reason])].join(' ').trim()}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {formatDateTime(entry.recordedAt)} · {entry.recordedBy ?? ''}
        {entry.decision?.reason ? ` · ${entry.decision.reason}` : ''}
      </Typography.Text>
    </Card>
  );
}

function DepositModal({ personId, onClose }: { personId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const deposit = useDeposit();
  const [form] = Form.useForm<{ ruleId?: string; points: number; reason: string }>();
  const ruleId = Form.useWatch('ruleId', form);
  const rule = rules.data?.find((item) => item.id === ruleId);
  return (
    <Modal
      open
      title={t('moralBank.deposit.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={deposit.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          deposit.mutate(
            { personId, points: values.points, reason: values.reason, ruleId: values.ruleId || undefined },
            {
              onSuccess: () => {
                void message.success(t('moralBank.deposit.done'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="ruleId" label={t('moralBank.deposit.rule')}>
          <Select
            allowClear
            placeholder={t('moralBank.deposit.noRule')}
            data-testid="deposit-rule"
            options={(rules.data ?? []).map((item) => ({ value: item.id, label: `${item.name}（${item.points}）` }))}
            onChange={(value: string | undefined) => {
              const chosen = rules.data?.find((item) => item.id === value);
              if (chosen) form.setFieldValue('points', chosen.points);
            }}
          />
        </Form.Item>
        <Form.Item name="points" label={t('moralBank.deposit.points')} rules={[{ required: true }]}>
          <InputNumber min={1} max={rule?.points ?? 50} precision={0} data-testid="deposit-points" />
        </Form.Item>
        <Form.Item name="reason" label={t('moralBank.deposit.reason')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="deposit-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RedeemModal({ personId, balance, onClose }: { personId: string; balance: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rewards = useRewards();
  const redeem = useRedeem();
  const [rewardId, setRewardId] = useState<string>();
  return (
    <Modal
      open
      title={t('moralBank.redeem.title')}
      onCancel={onClose}
      okButtonProps={{ disabled: rewardId === undefined }}
      confirmLoading={redeem.isPending}
      onOk={() =>
        rewardId &&
        redeem.mutate(
          { personId, rewardId },
          {
            onSuccess: () => {
              void message.success(t('moralBank.redeem.done'));
              onClose();
            },
          },
        )
      }
    >
      <Select
        className="full-width"
        placeholder={t('moralBank.redeem.reward')}
        value={rewardId}
        onChange={setRewardId}
        data-testid="redeem-reward"
        options={(rewards.data ?? []).map((reward) => ({
          value: reward.id,
          disabled: reward.stock === 0 || reward.points > balance,
          label: `${reward.name} · ${t('moralBank.redeem.points', { points: reward.points, stock: reward.stock })}`,
        }))}
      />
    </Modal>
  );
}

function CorrectModal({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const correct = useCorrect();
  const [form] = Form.useForm<{ points: number; reason: string }>();
  return (
    <Modal
      open
      title={t('moralBank.correct.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={correct.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          correct.mutate(
            { id: entry.id, ...values },
            {
              onSuccess: () => {
                void message.success(t('moralBank.correct.done'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="points" label={t('moralBank.correct.points')} rules={[{ required: true }]}>
          <InputNumber min={-1000} max={1000} precision={0} />
        </Form.Item>
        <Form.Item name="reason" label={t('moralBank.correct.reason')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AccountDrawer({ personId, onClose }: { personId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const account = useAccount(personId);
  const [dialog, setDialog] = useState<'deposit' | 'redeem' | Entry>();
  return (
    <Drawer
      open
      onClose={onClose}
      size={isPhone ? 'default' : 'large'}
      width={isPhone ? '100%' : undefined}
      title={account.data?.personName ?? ''}
      data-testid="moral-bank-account"
    >
      <QueryState query={account}>
        {() => {
          const data = account.data!;
          return (
            <Space orientation="vertical" size={12} className="full-width">
              <Row gutter={[12, 12]}>
                {(['balance', 'pending', 'earned', 'spent'] as const).map((key) => (
                  <Col key={key} span={12}>
                    <Statistic title={t(`moralBank.account.${key}`)} value={data[key]} data-testid={`account-${key}`} />
                  </Col>
                ))}
              </Row>
              {can('moral_bank.record') ? (
                <Flex gap={8} wrap>
                  <Button type="primary" onClick={() => setDialog('deposit')} data-testid="open-deposit">
                    {t('moralBank.account.deposit')}
                  </Button>
                  <Button onClick={() => setDialog('redeem')} data-testid="open-redeem">
                    {t('moralBank.account.redeem')}
                  </Button>
                </Flex>
              ) : null}
              {data.household ? (
                <Card size="small" title={t('moralBank.account.household')}>
                  <Typography.Paragraph>
                    {data.household.address} · <strong>{data.household.balance}</strong>
                  </Typography.Paragraph>
                  <Flex wrap gap={4}>
                    {data.household.members.map((member) => (
                      <Tag key={member.personId}>
                        {member.name} {member.balance}
                      </Tag>
                    ))}
                  </Flex>
                </Card>
              ) : null}
              <Typography.Title level={5}>{t('moralBank.account.history')}</Typography.Title>
              {data.entries.items.length === 0 ? <Empty /> : null}
              {data.entries.items.map((entry) => (
                <EntryLine
                  key={entry.id}
                  entry={entry}
                  onCorrect={
                    can('moral_bank.manage') && (entry.status === 'recorded' || entry.status === 'approved')
                      ? () => setDialog(entry)
                      : undefined
                  }
                />
              ))}
              {dialog === 'deposit' ? <DepositModal personId={personId} onClose={() => setDialog(undefined)} /> : null}
              {dialog === 'redeem' ? (
                <RedeemModal personId={personId} balance={data.balance} onClose={() => setDialog(undefined)} />
              ) : null}
              {typeof dialog === 'object' ? <CorrectModal entry={dialog} onClose={() => setDialog(undefined)} /> : null}
            </Space>
          );
        }}
      </QueryState>
    </Drawer>
  );
}

function AccountsTab() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [openId, setOpenId] = useState<string>();
  const accounts = useAccounts(q);
  return (
    <Space orientation="vertical" size={12} className="full-width">
      <Input.Search
        allowClear
        placeholder={t('moralBank.accounts.search')}
        onSearch={(value) => setQ(value.trim())}
        data-testid="account-search"
      />
      <QueryState query={accounts}>
        {() =>
          accounts.data!.items.length === 0 ? (
            <Empty description={t('moralBank.accounts.empty')} />
          ) : (
            <Flex vertical gap={8} data-testid="account-list">
              {accounts.data!.items.map((item: AccountSummary) => (
                <Card
                  key={item.personId}
                  size="small"
                  hoverable
                  onClick={() => setOpenId(item.personId)}
                  data-testid="account-card"
                >
                  <Flex justify="space-between" gap={8} wrap>
                    <Typography.Text strong>{item.personName}</Typography.Text>
                    <Space size={4}>
                      <Tag color="green">{t('moralBank.accounts.balance', { points: item.balance })}</Tag>
                      {item.pending > 0 ? (
                        <Tag color="gold">{t('moralBank.accounts.pending', { points: item.pending })}</Tag>
                      ) : null}
                    </Space>
                  </Flex>
                  <Typography.Text type="secondary">{item.regionName}</Typography.Text>
                </Card>
              ))}
            </Flex>
          )
        }
      </QueryState>
      {openId ? <AccountDrawer personId={openId} onClose={() => setOpenId(undefined)} /> : null}
    </Space>
  );
}

function ApprovalsTab() {
  const { t } = useTranslation();
  const pending = usePendingEntries(true);
  const decide = useDecide();
  const [refusing, setRefusing] = useState<Entry>();
  const [reason, setReason] = useState('');
  return (
    <QueryState query={pending}>
      {() =>
        pending.data!.items.length === 0 ? (
          <Empty description={t('moralBank.approvals.empty')} />
        ) : (
          <Flex vertical gap={8} data-testid="approval-list">
            {pending.data!.items.map((entry) => (
              <Flex key={entry.id} vertical gap={4}>
                <EntryLine entry={entry} />
                <Flex gap={8}>
                  <Button
                    type="primary"
                    size="small"
                    loading={decide.isPending}
                    onClick={() => decide.mutate({ id: entry.id, decision: 'approve', reason: '' })}
                    data-testid="approve-entry"
                  >
                    {t('moralBank.approvals.approve')}
                  </Button>
                  <Button danger size="small" onClick={() => setRefusing(entry)}>
                    {t('moralBank.approvals.refuse')}
                  </Button>
                </Flex>
              </Flex>
            ))}
            <Modal
              open={refusing !== undefined}
              title={t('moralBank.approvals.refuseTitle')}
              onCancel={() => setRefusing(undefined)}
              okButtonProps={{ disabled: reason.trim() === '' }}
              onOk={() =>
                refusing &&
                decide.mutate(
                  { id: refusing.id, decision: 'refuse', reason },
                  { onSuccess: () => (setRefusing(undefined), setReason('')) },
                )
              }
            >
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder={t('moralBank.approvals.refuseReason')}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            </Modal>
          </Flex>
        )
      }
    </QueryState>
  );
}

function CatalogueTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const rewards = useRewards();
  const create = useCreateReward();
  const change = useChangeReward();
  const [isAdding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; points: number; stock: number }>();
  return (
    <Space orientation="vertical" size={12} className="full-width">
      {mayManage ? (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-reward">
          {t('moralBank.catalogue.add')}
        </Button>
      ) : null}
      <QueryState query={rewards}>
        {() =>
          rewards.data!.length === 0 ? (
            <Empty description={t('moralBank.catalogue.empty')} />
          ) : (
            <Row gutter={[8, 8]} data-testid="reward-list">
              {rewards.data!.map((reward: Reward) => (
                <Col key={reward.id} xs={24} sm={12} lg={8}>
                  <Card size="small" title={reward.name}>
                    <Typography.Paragraph>
                      {t('moralBank.redeem.points', { points: reward.points, stock: reward.stock })}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">{reward.regionName}</Typography.Text>
                    {mayManage ? (
                      <Flex gap={8} className="moral-bank-actions">
                        <Button size="small" onClick={() => change.mutate({ id: reward.id, addStock: 10 })}>
                          {t('moralBank.catalogue.restock')}
                        </Button>
                        <Button size="small" danger onClick={() => change.mutate({ id: reward.id, retired: true })}>
                          {t('moralBank.catalogue.retire')}
                        </Button>
                      </Flex>
                    ) : null}
                  </Card>
                </Col>
              ))}
            </Row>
          )
        }
      </QueryState>
      <Modal
        open={isAdding}
        title={t('moralBank.catalogue.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => create.mutate(values, { onSuccess: () => (setAdding(false), form.resetFields()) })}
        >
          <Form.Item name="name" label={t('moralBank.catalogue.name')} rules={[{ required: true, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="points" label={t('moralBank.catalogue.points')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="stock" label={t('moralBank.catalogue.stock')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function RulesTab({ mayManage, regionId }: { mayManage: boolean; regionId: string | undefined }) {
  const { t } = useTranslation();
  const rules = useRules();
  const create = useCreateRule();
  const [isAdding, setAdding] = useState(false);
  const [form] = Form.useForm<{
    name: string;
    points: number;
    period: RulePeriod;
    periodLimit?: number;
    requiresApproval: boolean;
  }>();
  const periodText = (rule: Rule) =>
    rule.periodLimit === null
      ? t('moralBank.rules.noLimit')
      : t('moralBank.rules.limit', { period: t(`moralBank.rules.periods.${rule.period}`), count: rule.periodLimit });
  return (
    <Space orientation="vertical" size={12} className="full-width">
      {mayManage && regionId ? (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('moralBank.rules.add')}
        </Button>
      ) : null}
      <QueryState query={rules}>
        {() =>
          rules.data!.length === 0 ? (
            <Empty description={t('moralBank.rules.empty')} />
          ) : (
            <Flex vertical gap={8} data-testid="rule-list">
              {rules.data!.map((rule) => (
                <Card key={rule.id} size="small">
                  <Flex justify="space-between" gap={8} wrap>
                    <Typography.Text strong>{rule.name}</Typography.Text>
                    <Tag color="blue">+{rule.points}</Tag>
                  </Flex>
                  <Typography.Text type="secondary">
                    {rule.isCountyRule ? t('moralBank.rules.county') : rule.regionName} · {periodText(rule)}
                    {rule.requiresApproval ? ` · ${t('moralBank.rules.requiresApproval')}` : ''}
                  </Typography.Text>
                </Card>
              ))}
            </Flex>
          )
        }
      </QueryState>
      <Modal
        open={isAdding}
        title={t('moralBank.rules.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ period: 'month', requiresApproval: false }}
          onFinish={(values) =>
            regionId &&
            create.mutate(
              { ...values, periodLimit: values.periodLimit ?? null, regionId },
              { onSuccess: () => (setAdding(false), form.resetFields()) },
            )
          }
        >
          <Form.Item name="name" label={t('moralBank.rules.name')} rules={[{ required: true, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="points" label={t('moralBank.rules.points')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="period" label={t('moralBank.rules.period')}>
            <Select
              options={(['day', 'week', 'month', 'year'] as const).map((value) => ({
                value,
                label: t(`moralBank.rules.periods.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="periodLimit" label={t('moralBank.rules.periodLimit')}>
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="requiresApproval" label={t('moralBank.rules.requiresApproval')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function RankingsTab() {
  const { t } = useTranslation();
  const can = useCan();
  const settings = useSettings();
  const save = useSaveSettings();
  const isOn = settings.data?.rankingsEnabled === true;
  const rankings = useRankings(isOn);
  return (
    <Space orientation="vertical" size={12} className="full-width">
      {can('moral_bank.configure') && settings.data ? (
        <Button onClick={() => save.mutate(!isOn)} loading={save.isPending}>
          {isOn ? t('moralBank.rankings.turnOff') : t('moralBank.rankings.turnOn')}
        </Button>
      ) : null}
      {!isOn ? (
        <Empty description={t('moralBank.rankings.off')} />
      ) : (
        <QueryState query={rankings}>
          {() =>
            rankings.data!.items.length === 0 ? (
              <Empty description={t('moralBank.rankings.empty')} />
            ) : (
              <Flex vertical gap={8} data-testid="ranking-list">
                {rankings.data!.items.map((item) => (
                  <Card key={item.householdId} size="small">
                    <Flex justify="space-between" gap={8} wrap>
                      <Typography.Text strong>
                        {item.rank}. {item.address}
                      </Typography.Text>
                      <Tag color="gold">{t('moralBank.rankings.points', item)}</Tag>
                    </Flex>
                    <Typography.Text type="secondary">{item.regionName}</Typography.Text>
                  </Card>
                ))}
              </Flex>
            )
          }
        </QueryState>
      )}
    </Space>
  );
}

/**
 * 道德银行: this month's figures and the monthly statement on top; accounts (search, an account's history, record a
 * deposit, redeem), the approvals waiting for the village, the catalogue, the rules and the households of the month.
 */
export default function MoralBankPage() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const can = useCan();
  const session = useSignedInSession();
  const figures = useFigures();
  const months = recentMonths();
  const [month, setMonth] = useState(months[0]!);
  const mayManage = can('moral_bank.manage');
  const regionId = session.user.regionId ?? undefined;
  const download = () =>
    downloadFile('/moral-bank/statement.xlsx', { regionId, month }, `moral-bank-${month}.xlsx`).catch((error) => {
      if (isApiError(error)) notification.error({ title: error.message, placement: 'topRight' });
    });
  return (
    <PageCard
      title={t('moralBank.title')}
      testId="moral-bank-page"
      actions={
        regionId ? (
          <Space.Compact>
            <Select
              value={month}
              onChange={setMonth}
              options={months.map((value) => ({ value, label: value }))}
              aria-label={t('moralBank.statement.month')}
            />
            <Button icon={<DownloadOutlined />} onClick={() => void download()} data-testid="download-statement">
              {t('moralBank.statement.download')}
            </Button>
          </Space.Compact>
        ) : null
      }
    >
      <Space orientation="vertical" size={12} className="full-width">
        {figures.data ? <FiguresRow figures={figures.data} /> : null}
        <Tabs
          items={[
            { key: 'accounts', label: t('moralBank.tabs.accounts'), children: <AccountsTab /> },
            ...(mayManage
              ? [{ key: 'approvals', label: t('moralBank.tabs.approvals'), children: <ApprovalsTab /> }]
              : []),
            {
              key: 'catalogue',
              label: t('moralBank.tabs.catalogue'),
              children: <CatalogueTab mayManage={mayManage} />,
            },
            {
              key: 'rules',
              label: t('moralBank.tabs.rules'),
              children: <RulesTab mayManage={mayManage} regionId={regionId} />,
            },
            { key: 'rankings', label: t('moralBank.tabs.rankings'), children: <RankingsTab /> },
          ]}
        />
      </Space>
    </PageCard>
  );
}
