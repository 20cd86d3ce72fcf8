import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Row, Segmented, Statistic } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { FieldFigures } from '../../../shared/api/field-work';
import { describeError } from '../../api/errors';
import { downloadFile } from '../../components/download';
import { QueryState } from '../../components/query-state';
import { CoverageBar } from './coverage-bar';
import { fieldPeriodNames, fieldPeriodOf, useFieldFigures, type FieldPeriodName } from './field-work-api';

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

function FiguresBody({ figures }: { figures: FieldFigures }) {
  const { t } = useTranslation();
  const statistics: { key: string; title: string; value: number | string }[] = [
    { key: 'visits', title: t('fieldWork.figures.visits'), value: figures.visits.visits },
    { key: 'personTimes', title: t('fieldWork.figures.personTimes'), value: figures.visits.personTimes },
    {
      key: 'visitedHouseholds',
      title: t('fieldWork.figures.visitedHouseholds'),
      value: `${figures.visits.visitedHouseholds} / ${figures.visits.households}`,
    },
    { key: 'placesVisited', title: t('fieldWork.figures.placesVisited'), value: figures.visits.placesVisited },
  ];
  const { campaigns, inspections, disputes } = figures;
  if (campaigns) {
    statistics.push(
      { key: 'campaigns', title: t('fieldWork.figures.campaigns'), value: campaigns.campaigns },
      { key: 'campaignPersonTimes', title: t('fieldWork.figures.campaignPersonTimes'), value: campaigns.personTimes },
      { key: 'problemsFound', title: t('fieldWork.figures.problemsFound'), value: campaigns.problemsFound },
      { key: 'problemsSolved', title: t('fieldWork.figures.problemsSolved'), value: campaigns.problemsSolved },
    );
  }
  if (inspections) {
    statistics.push(
      { key: 'placesInspected', title: t('fieldWork.figures.placesInspected'), value: inspections.placesInspected },
      { key: 'hazardsFound', title: t('fieldWork.figures.hazardsFound'), value: inspections.hazardsFound },
      { key: 'fixedOnTheSpot', title: t('fieldWork.figures.fixedOnTheSpot'), value: inspections.fixedOnTheSpot },
      { key: 'turnedIntoCases', title: t('fieldWork.figures.turnedIntoCases'), value: inspections.turnedIntoCases },
      { key: 'hazardsOpen', title: t('fieldWork.figures.hazardsOpen'), value: inspections.open },
    );
  }
  if (disputes) {
    statistics.push(
      { key: 'mediated', title: t('fieldWork.figures.mediated'), value: disputes.mediated },
      { key: 'settled', title: t('fieldWork.figures.settled'), value: disputes.settled },
      {
        key: 'shareSettledInVillage',
        title: t('fieldWork.figures.shareSettledInVillage'),
        value: percent(disputes.shareSettledInVillage),
      },
    );
  }
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} data-testid="field-figures-rate">
        {t('fieldWork.figures.rate')}
        <CoverageBar rate={figures.visits.rate} />
      </Col>
      {statistics.map((statistic) => (
        <Col key={statistic.key} xs={12} sm={8} lg={6} data-testid={`field-figures-${statistic.key}`}>
          <Statistic title={statistic.title} value={statistic.value} />
        </Col>
      ))}
    </Row>
  );
}

function FieldFigures({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [periodName, setPeriodName] = useState<FieldPeriodName>('month');
  const period = fieldPeriodOf(periodName);
  const figures = useFieldFigures(regionId, period);
  const exportExcel = async () => {
    try {
      await downloadFile('/field-figures.xlsx', { regionId, ...period }, 'field-figures.xlsx');
    } catch (error) {
      void message.error(describeError(error).title);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={12} align="center">
        <Segmented
          value={periodName}
          onChange={(value) => setPeriodName(value as FieldPeriodName)}
          options={fieldPeriodNames.map((name) => ({ value: name, label: t(`fieldWork.periods.${name}`) }))}
        />
        <Button icon={<DownloadOutlined />} onClick={() => void exportExcel()}>
          {t('fieldWork.figures.exportExcel')}
        </Button>
        <Link to={`/visits/coverage?region=${encodeURIComponent(regionId)}`}>
          {t('fieldWork.figures.openCoverage')}
        </Link>
      </Flex>
      <QueryState query={figures}>{() => (figures.data ? <FiguresBody figures={figures.data} /> : null)}</QueryState>
    </Flex>
  );
}

/**
 * 网格工作统计 on a region page: visits, person-times, coverage and the other field modules' figures. The region
 * page loads this code, and so its request, only once the card's place is scrolled into view.
 */
export function FieldFiguresCard({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t('fieldWork.figures.title')} data-testid="field-figures">
      <FieldFigures regionId={regionId} />
    </Card>
  );
}
