import type { TFunction } from 'i18next';
import { Card, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Evaluation, EvaluationRules, GridMemberEvaluation, Grade } from '../../../shared/api/cadres';
import { evaluationIndicators } from '../../../shared/cadres';
import { QueryState } from '../../components/query-state';
import { useGridMemberEvaluation, type Period } from './cadres-api';
import { TimeSplitLine } from './time-split';

export const gradeColour: Record<Grade, string> = { excellent: 'green', good: 'blue', fair: 'orange', poor: 'red' };

/** An evaluation line by line: what was counted, the score, its weight and the points it gives. */
export function EvaluationLinesTable({ lines }: { lines: Evaluation['lines'] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="indicator"
      scroll={{ x: true }}
      dataSource={lines}
      columns={[
        {
          title: t('cadres.evaluation.indicator'),
          dataIndex: 'indicator',
          render: (indicator: Evaluation['lines'][number]['indicator']) =>
            t(`cadres.evaluation.indicators.${indicator}`),
        },
        {
          title: t('cadres.evaluation.counts'),
          dataIndex: 'counts',
          render: (counts: Record<string, number>) =>
            Object.entries(counts)
              .map(([name, value]) => `${t(`cadres.evaluation.countNames.${name as 'work'}`)} ${value}`)
              .join('，'),
        },
        {
          title: t('cadres.evaluation.score'),
          dataIndex: 'score',
          render: (score: number | null) => score ?? t('cadres.evaluation.noData'),
        },
        { title: t('cadres.evaluation.weight'), dataIndex: 'weight' },
        { title: t('cadres.evaluation.points'), dataIndex: 'points' },
      ]}
    />
  );
}

/** Weights as a line: 入户走访率 30 · 信息准确率 20 · … */
function weightsText(t: TFunction, weights: EvaluationRules['weights']): string {
  return evaluationIndicators
    .map((indicator) => `${t(`cadres.evaluation.indicators.${indicator}`)} ${weights[indicator]}`)
    .join(' · ');
}

/** The county's rules the evaluation was counted by, above the cards: a line's weight may differ where it has no data. */
export function EvaluationRulesLine({ rules }: { rules: EvaluationRules }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" data-testid="evaluation-rules">
      {t('cadres.evaluation.rules', { weights: weightsText(t, rules.weights), ...rules.thresholds })}
    </Typography.Text>
  );
}

function GridMemberCard({ evaluation }: { evaluation: GridMemberEvaluation }) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="record-card" data-testid="grid-member-evaluation-card">
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text strong>
          {evaluation.account.name} · {evaluation.grid.name} · {evaluation.groupName}
        </Typography.Text>
        <Space size={4}>
          <Typography.Text>{t('cadres.evaluation.total', { total: evaluation.total })}</Typography.Text>
          <Tag color={gradeColour[evaluation.grade]}>{t(`cadres.grades.${evaluation.grade}`)}</Tag>
          <Typography.Text type="secondary">{t('cadres.evaluation.rank', { rank: evaluation.rank })}</Typography.Text>
        </Space>
      </Flex>
      <EvaluationLinesTable lines={evaluation.lines} />
      {evaluation.timeSplit ? <TimeSplitLine split={evaluation.timeSplit} /> : null}
    </Card>
  );
}

/** Grid members (网格员) evaluated with the county's weights for them, which are shown above the cards. */
export function GridMemberEvaluations({ period }: { period: Period }) {
  const { t } = useTranslation();
  const evaluation = useGridMemberEvaluation(period);
  return (
    <QueryState query={evaluation}>
      {() => (
        <Flex vertical gap={8} data-testid="grid-member-evaluation-list">
          <Typography.Text type="secondary" data-testid="grid-member-weights">
            {t('cadres.evaluation.gridMemberWeights', { weights: weightsText(t, evaluation.data!.weights) })}
          </Typography.Text>
          {evaluation.data!.items.length ? (
            evaluation.data!.items.map((item) => <GridMemberCard key={item.account.id} evaluation={item} />)
          ) : (
            <Empty description={t('cadres.evaluation.noGridMembers')} />
          )}
        </Flex>
      )}
    </QueryState>
  );
}
