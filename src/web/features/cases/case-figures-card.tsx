import { Card, Col, Descriptions, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseFigures } from '../../../shared/api/case-figures';
import { caseLevels } from '../../../shared/cases';
import { QueryState } from '../../components/query-state';
import { WhenVisible } from '../../components/when-visible';
import { useCaseCategories } from './case-catalogue-api';
import { useCaseFigures } from './case-figures-api';
import { periodNames, periodOf, type PeriodName } from './case-periods';

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

function FiguresBody({ figures }: { figures: CaseFigures }) {
  const { t } = useTranslation();
  const categories = useCaseCategories();
  const none = t('common.none');
  const statistics = [
    { key: 'reported', title: t('cases.figures.reported'), value: figures.reported },
    { key: 'closed', title: t('cases.figures.closed'), value: figures.closed },
    { key: 'onTimeRate', title: t('cases.figures.onTimeRate'), value: percent(figures.onTimeRate) },
    { key: 'open', title: t('cases.figures.open'), value: figures.open },
    { key: 'overdue', title: t('cases.figures.overdue'), value: figures.overdue, isAlarming: figures.overdue > 0 },
  ];
  return (
    <Space orientation="vertical" size={16} className="full-width">
      <Row gutter={[16, 16]}>
        {statistics.map((statistic) => (
          <Col key={statistic.key} xs={12} sm={8} lg={4} data-testid={`figures-${statistic.key}`}>
            <Statistic
              title={statistic.title}
              value={statistic.value}
              styles={statistic.isAlarming ? { content: { color: '#c8102e' } } : undefined}
            />
          </Col>
        ))}
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'averageHoursToClose',
            label: t('cases.figures.averageHoursToClose'),
            children:
              figures.averageHoursToClose === null
                ? none
                : t('cases.figures.hours', { value: Math.round(figures.averageHoursToClose * 10) / 10 }),
          },
          {
            key: 'satisfaction',
            label: t('cases.figures.satisfaction'),
            children:
              figures.satisfaction.average === null
                ? none
                : t('cases.figures.satisfactionValue', {
                    average: figures.satisfaction.average.toFixed(1),
                    count: figures.satisfaction.count,
                  }),
          },
        ]}
      />
      <div>
        <Typography.Text strong>{t('cases.figures.closedAtLevel')}</Typography.Text>
        {caseLevels.map((level) => (
          <Row key={level} gutter={8} align="middle">
            <Col flex="120px">
              <Typography.Text type="secondary">{t(`cases.level.${level}`)}</Typography.Text>
            </Col>
            <Col flex="auto">
              <Progress
                percent={Math.round((figures.closedAt[level]?.share ?? 0) * 100)}
                format={() => String(figures.closedAt[level]?.closed ?? 0)}
                size="small"
              />
            </Col>
          </Row>
        ))}
      </div>
      {figures.bySource.length > 0 ? (
        <Space size={[4, 4]} wrap>
          <Typography.Text strong>{t('cases.figures.bySource')}</Typography.Text>
          {figures.bySource.map((row) => (
            <Tag key={row.source}>
              {t(`cases.source.${row.source}`)} {row.reported}
            </Tag>
          ))}
        </Space>
      ) : null}
      {/* The two tables end the card, below a desktop's first screen for most. */}
      <WhenVisible>
        <Row gutter={[16, 16]}>
          {figures.byCategory.length > 0 ? (
            <Col xs={24} xl={figures.children.length > 0 ? 10 : 24}>
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                title={() => t('cases.figures.byCategory')}
                dataSource={figures.byCategory}
                columns={[
                  {
                    title: t('cases.field.category'),
                    dataIndex: 'code',
                    render: (code: string) => categories.nameOf(code),
                  },
                  { title: t('cases.figures.reported'), dataIndex: 'reported', align: 'end' },
                  { title: t('cases.figures.closed'), dataIndex: 'closed', align: 'end' },
                ]}
              />
            </Col>
          ) : null}
          {figures.children.length > 0 ? (
            <Col xs={24} xl={figures.byCategory.length > 0 ? 14 : 24}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                scroll={{ x: 'max-content' }}
                title={() => t('cases.figures.children')}
                dataSource={figures.children}
                data-testid="figures-children"
                columns={[
                  {
                    title: t('cases.figures.region'),
                    dataIndex: 'name',
                    render: (name: string, child) => <Link to={`/regions/${child.id}`}>{name}</Link>,
                  },
                  { title: t('cases.figures.reported'), dataIndex: 'reported', align: 'end' },
                  { title: t('cases.figures.closed'), dataIndex: 'closed', align: 'end' },
                  {
                    title: t('cases.figures.onTimeRate'),
                    dataIndex: 'onTimeRate',
                    align: 'end',
                    render: (rate: number | null) => percent(rate),
                  },
                  {
                    title: t('cases.figures.overdue'),
                    dataIndex: 'overdue',
                    align: 'end',
                    render: (overdue: number) =>
                      overdue > 0 ? <Typography.Text type="danger">{overdue}</Typography.Text> : overdue,
                  },
                ]}
              />
            </Col>
          ) : null}
        </Row>
      </WhenVisible>
    </Space>
  );
}

/** A region's cases over a period (this month unless another is chosen): the region page's 案件 section. */
export function CaseFiguresCard({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const [periodName, setPeriodName] = useState<PeriodName>('thisMonth');
  const figures = useCaseFigures(regionId, periodOf(periodName));
  return (
    <Card
      size="small"
      title={t('cases.figures.title')}
      data-testid="case-figures"
      extra={
        <Select<PeriodName>
          size="small"
          value={periodName}
          onChange={setPeriodName}
          options={periodNames.map((name) => ({ value: name, label: t(`cases.figures.period.${name}`) }))}
          popupMatchSelectWidth={false}
          data-testid="figures-period"
        />
      }
    >
      <QueryState query={figures}>{() => (figures.data ? <FiguresBody figures={figures.data} /> : null)}</QueryState>
    </Card>
  );
}
