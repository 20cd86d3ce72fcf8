import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Row, Segmented, Statistic, Typography } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../api/errors';
import { downloadFile } from '../../components/download';
import { QueryState } from '../../components/query-state';
import { fieldPeriodNames, fieldPeriodOf, type FieldPeriod, type FieldPeriodName } from '../field-work/field-work-api';
import { useFigures as useMoralBankFigures } from '../moral-bank/moral-bank-api';
import { usePairingFigures } from '../pairings/pairings-api';
import { useCan } from '../session/session-api';
import { useWishFigures } from '../wishes/wishes-api';

type Figure = { key: string; title: string; value: number };
type Workbook = { path: string; fileName: string };

/** One module's figures: a title linking to its page, its numbers, and its Excel report where it has one. */
function CareSection<Data>({
  name,
  title,
  page,
  query,
  figuresOf,
  workbook,
  period,
  regionId,
}: {
  name: string;
  title: string;
  page: string;
  query: UseQueryResult<Data>;
  figuresOf: (data: Data) => Figure[];
  workbook?: Workbook;
  period: FieldPeriod;
  regionId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const download = async (file: Workbook) => {
    try {
      await downloadFile(file.path, { regionId, ...period }, file.fileName);
    } catch (error) {
      void message.error(describeError(error).title);
    }
  };
  return (
    <Flex vertical gap={8} data-testid={`care-figures-${name}`}>
      <Flex wrap gap={12} align="center" justify="space-between">
        <Typography.Text strong>
          <Link to={page}>{title}</Link>
        </Typography.Text>
        {workbook ? (
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(workbook)}>
            {t('care.exportExcel')}
          </Button>
        ) : null}
      </Flex>
      <QueryState query={query}>
        {() =>
          query.data ? (
            <Row gutter={[16, 8]}>
              {figuresOf(query.data).map((figure) => (
                <Col key={figure.key} xs={12} sm={6} data-testid={`care-figures-${name}-${figure.key}`}>
                  <Statistic title={figure.title} value={figure.value} />
                </Col>
              ))}
            </Row>
          ) : null
        }
      </QueryState>
    </Flex>
  );
}

function WishFigures({ regionId, period }: { regionId: string; period: FieldPeriod }) {
  const { t } = useTranslation();
  const query = useWishFigures({ regionId, ...period });
  return (
    <CareSection
      name="wishes"
      title={t('nav.wishes')}
      page="/wishes"
      query={query}
      regionId={regionId}
      period={period}
      workbook={{ path: '/micro-wishes/figures.xlsx', fileName: 'micro-wishes.xlsx' }}
      figuresOf={(figures) => [
        { key: 'registered', title: t('wishes.figures.registered'), value: figures.registered },
        { key: 'claimed', title: t('wishes.figures.claimed'), value: figures.claimed },
        { key: 'fulfilled', title: t('wishes.figures.fulfilled'), value: figures.fulfilled },
        { key: 'late', title: t('wishes.figures.late'), value: figures.late },
      ]}
    />
  );
}

function PairingFigures({ regionId, period }: { regionId: string; period: FieldPeriod }) {
  const { t } = useTranslation();
  const query = usePairingFigures({ regionId, ...period });
  const total = (kinds: { active: number; contacts: number; helpGiven: number; overdue: number }[]) =>
    kinds.reduce(
      (sum, kind) => ({
        active: sum.active + kind.active,
        contacts: sum.contacts + kind.contacts,
        helpGiven: sum.helpGiven + kind.helpGiven,
        overdue: sum.overdue + kind.overdue,
      }),
      { active: 0, contacts: 0, helpGiven: 0, overdue: 0 },
    );
  return (
    <CareSection
      name="pairings"
      title={t('nav.pairings')}
      page="/pairings"
      query={query}
      regionId={regionId}
      period={period}
      workbook={{ path: '/pairings/figures.xlsx', fileName: 'pairings.xlsx' }}
      figuresOf={(figures) => {
        const sum = total(figures.kinds);
        return [
          { key: 'active', title: t('pairings.figures.active'), value: sum.active },
          { key: 'contacts', title: t('pairings.figures.contacts'), value: sum.contacts },
          { key: 'helpGiven', title: t('pairings.figures.helpGiven'), value: sum.helpGiven },
          { key: 'overdue', title: t('pairings.figures.overdue'), value: sum.overdue },
        ];
      }}
    />
  );
}

function MoralBankFigures({ regionId, period }: { regionId: string; period: FieldPeriod }) {
  const { t } = useTranslation();
  const query = useMoralBankFigures({ regionId, ...period });
  // Its Excel report is a village's monthly statement, downloaded on the moral bank's own page.
  return (
    <CareSection
      name="moral-bank"
      title={t('nav.moralBank')}
      page="/moral-bank"
      query={query}
      regionId={regionId}
      period={period}
      figuresOf={(figures) => [
        { key: 'pointsDeposited', title: t('moralBank.figures.pointsDeposited'), value: figures.pointsDeposited },
        { key: 'pointsRedeemed', title: t('moralBank.figures.pointsRedeemed'), value: figures.pointsRedeemed },
        { key: 'pending', title: t('moralBank.figures.pending'), value: figures.pending },
        {
          key: 'pointsOutstanding',
          title: t('moralBank.figures.pointsOutstanding'),
          value: figures.pointsOutstanding,
        },
      ]}
    />
  );
}

/**
 * 关爱与动员 on a region page: the micro-wishes, pairings and moral bank of the region and period, each with a link
 * to its page and its Excel report. Each module's part shows only to those who may read it; the region page loads
 * this code, and so its requests, once the card's place is scrolled into view.
 */
export function CareFiguresCard({ regionId }: { regionId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [periodName, setPeriodName] = useState<FieldPeriodName>('month');
  const period = fieldPeriodOf(periodName);
  const sections: ReactNode[] = [
    can('wish.read') ? <WishFigures key="wishes" regionId={regionId} period={period} /> : null,
    can('pairing.read') ? <PairingFigures key="pairings" regionId={regionId} period={period} /> : null,
    can('moral_bank.read') ? <MoralBankFigures key="moral-bank" regionId={regionId} period={period} /> : null,
  ];
  return (
    <Card title={t('care.title')} data-testid="care-figures">
      <Flex vertical gap={20}>
        <Segmented
          value={periodName}
          onChange={(value) => setPeriodName(value as FieldPeriodName)}
          options={fieldPeriodNames.map((name) => ({ value: name, label: t(`fieldWork.periods.${name}`) }))}
        />
        {sections}
      </Flex>
    </Card>
  );
}
