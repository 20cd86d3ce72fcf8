import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Select, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordCard } from '../components/record-card';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Dispute, DisputeFigures } from '../../shared/api/disputes';
import { disputeStatuses, type DisputeStatus } from '../../shared/disputes';
import { roleLevels } from '../../shared/policy';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { DisputeRegisterModal } from '../features/disputes/dispute-register-modal';
import { DisputeStatusTag } from '../features/disputes/dispute-status-tag';
import { TalkPointsModal } from '../features/disputes/talk-points-modal';
import { useDisputeFigures, useDisputes, useKindName } from '../features/disputes/disputes-api';
import { useCan, useSignedInSession } from '../features/session/session-api';
import { formatDateTime } from '../i18n';

const statusParameter = 'status';

function isDisputeStatus(value: string | null): value is DisputeStatus {
  return disputeStatuses.includes(value as DisputeStatus);
}

/** The figures on top: what was registered in the last 90 days, where it stands, and the 矛盾不上交 share. */
function FiguresRow({ figures }: { figures: DisputeFigures }) {
  const { t } = useTranslation();
  const share = figures.settledInVillageShare;
  const items: { key: string; title: string; value: string | number; hint?: string }[] = [
    { key: 'disputes', title: t('disputes.figures.disputes'), value: figures.disputes },
    { key: 'settled', title: t('disputes.figures.settled'), value: figures.settled },
    { key: 'settledInGrid', title: t('disputes.figures.settledInGrid'), value: figures.settledInGrid },
    { key: 'settledInVillage', title: t('disputes.figures.settledInVillage'), value: figures.settledInVillage },
    { key: 'settledInTown', title: t('disputes.figures.settledInTown'), value: figures.settledInTown },
    { key: 'escalated', title: t('disputes.figures.escalated'), value: figures.escalated },
    { key: 'open', title: t('disputes.figures.open'), value: figures.open },
    {
      key: 'share',
      title: t('disputes.figures.share'),
      value: share === null ? t('disputes.figures.none') : `${(share * 100).toFixed(1)}%`,
      hint: t('disputes.figures.shareHint'),
    },
  ];
  return (
    <Card size="small" title={t('disputes.figures.period')} className="dispute-figures" data-testid="dispute-figures">
      <Row gutter={[12, 12]}>
        {items.map((item) => (
          <Col key={item.key} xs={12} sm={8} md={6} lg={3}>
            <Tooltip title={item.hint}>
              <Statistic title={item.title} value={item.value} data-testid={`dispute-figure-${item.key}`} />
            </Tooltip>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function DisputeCard({ record, onOpen }: { record: Dispute; onOpen: () => void }) {
  const { t } = useTranslation();
  const kindName = useKindName();
  return (
    <RecordCard onOpen={onOpen} data-testid="dispute-card">
      <Space orientation="vertical" size={4} className="full-width">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>{kindName(record.kindName, record.kind)}</Typography.Text>
          <DisputeStatusTag record={record} />
        </Flex>
        <Typography.Paragraph ellipsis={{ rows: 2 }} className="dispute-summary">
          {record.summary}
        </Typography.Paragraph>
        <Flex wrap gap={4}>
          {record.parties.map((party, index) => (
            <Tag key={`${party.personId ?? party.name}-${index}`} data-testid="dispute-party">
              {party.name}
            </Tag>
          ))}
        </Flex>
        <Typography.Text type="secondary">
          {record.regionName} · {formatDateTime(record.registeredAt)} ·{' '}
          {t('disputes.list.sessions', { count: record.sessionCount })}
        </Typography.Text>
      </Space>
    </RecordCard>
  );
}

/** 矛盾纠纷调解: the figures of the user's area on top, the disputes below (filter by status), and the register form. */
export default function DisputesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSignedInSession();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const [isRegistering, setRegistering] = useState(false);
  const [isShowingTalkPoints, setShowingTalkPoints] = useState(false);
  const status = searchParams.get(statusParameter);
  const disputes = useDisputes({ status: isDisputeStatus(status) ? [status] : undefined });
  const figures = useDisputeFigures(undefined);
  // A grid's worker registers in their own grid unless they choose another.
  const isInGrid = roleLevels[session.user.role].includes('grid');

  return (
    <PageCard
      title={t('disputes.title')}
      testId="disputes-page"
      actions={
        <>
          {can('case.configure') ? (
            <Button
              icon={<SettingOutlined />}
              onClick={() => void navigate('/disputes/kinds')}
              data-testid="dispute-kinds"
            >
              {t('disputes.kinds.open')}
            </Button>
          ) : null}
          <Button onClick={() => setShowingTalkPoints(true)} data-testid="show-talk-points">
            {t('disputes.talkPoints.title')}
          </Button>
          {can('dispute.mediate') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setRegistering(true)}
              data-testid="register-dispute"
            >
              {t('disputes.register')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space orientation="vertical" size={12} className="full-width">
        {figures.data ? <FiguresRow figures={figures.data} /> : null}
        <Flex wrap gap={8} className="table-toolbar">
          <Select<DisputeStatus>
            allowClear
            className="disputes-filter"
            placeholder={t('disputes.allStatuses')}
            value={isDisputeStatus(status) ? status : undefined}
            onChange={(value) =>
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (value) next.set(statusParameter, value);
                  else next.delete(statusParameter);
                  return next;
                },
                { replace: true },
              )
            }
            options={disputeStatuses.map((value) => ({ value, label: t(`disputes.status.${value}`) }))}
            data-testid="dispute-status-filter"
          />
        </Flex>
        <QueryState query={disputes}>
          {() =>
            disputes.items.length === 0 ? (
              <Empty description={t('disputes.list.empty')} />
            ) : (
              <>
                <Flex vertical gap={8} data-testid="dispute-list">
                  {disputes.items.map((record) => (
                    <DisputeCard
                      key={record.id}
                      record={record}
                      onOpen={() => void navigate(`/disputes/${record.id}`)}
                    />
                  ))}
                </Flex>
                <LoadMore list={disputes} />
              </>
            )
          }
        </QueryState>
      </Space>
      <TalkPointsModal
        open={isShowingTalkPoints}
        onClose={() => setShowingTalkPoints(false)}
        mayAdd={can('dispute.mediate') && !isInGrid}
      />
      <DisputeRegisterModal
        open={isRegistering}
        onClose={() => setRegistering(false)}
        startingGrid={
          isInGrid && session.user.regionId && session.user.regionName
            ? { id: session.user.regionId, name: session.user.regionName }
            : undefined
        }
        onRegistered={(dispute) => void navigate(`/disputes/${dispute.id}`)}
      />
    </PageCard>
  );
}
