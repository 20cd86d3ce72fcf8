import { DownloadOutlined, RedoOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Progress, Result, Row, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { QueryState } from '../../../components/query-state';
import { downloadFile } from '../../../components/download';
import { describeRegistryError } from '../registry-errors';
import { useRegistryTranslation } from '../use-registry-translation';
import { useImportStatus, type ImportStatus } from './ledger-api';
import { ProblemTable } from './problem-table';

function ReportButton({ importId }: { importId: string }) {
  const { t } = useRegistryTranslation();
  const { notification } = App.useApp();
  const [isDownloading, setDownloading] = useState(false);
  const download = () => {
    setDownloading(true);
    downloadFile(
      `/registry/imports/${encodeURIComponent(importId)}/report`,
      undefined,
      t('registry.import.reportFileName'),
    )
      .catch((error: unknown) => {
        const { title, detail } = describeRegistryError(error);
        notification.error({ title, description: detail, placement: 'topRight' });
      })
      .finally(() => setDownloading(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={isDownloading} onClick={download} data-testid="import-report-download">
      {t('registry.import.downloadReport')}
    </Button>
  );
}

/**
 * New, updated, unchanged and skipped rows; a figure the server does not keep (new and updated, for an import shown
 * again after a reload) shows as a dash.
 */
function ResultFigures({ result }: { result: Extract<ImportStatus, { status: 'done' }> }) {
  const { t } = useRegistryTranslation();
  const figures = [
    {
      key: 'inserted',
      title: t('registry.import.inserted'),
      value: 'inserted' in result ? result.inserted : undefined,
    },
    { key: 'updated', title: t('registry.import.updated'), value: 'updated' in result ? result.updated : undefined },
    { key: 'unchanged', title: t('registry.import.unchanged'), value: result.unchanged },
    { key: 'skipped', title: t('registry.import.skipped'), value: result.errorRows },
  ];
  return (
    <Row gutter={[16, 16]}>
      {figures.map((figure) => (
        <Col key={figure.key} xs={12} md={6}>
          <Statistic title={figure.title} value={figure.value ?? t('common.none')} />
        </Col>
      ))}
    </Row>
  );
}

/** Step 3: the running import's progress, then what it did and the problem report. */
export function ImportProgressStep({
  importId,
  onStartOver,
  onShowResidents,
}: {
  importId: string;
  onStartOver: () => void;
  onShowResidents: () => void;
}) {
  const { t } = useRegistryTranslation();
  const status = useImportStatus(importId);

  const startOverButton = (
    <Button icon={<RedoOutlined />} onClick={onStartOver} data-testid="import-again">
      {t('registry.import.importCorrected')}
    </Button>
  );

  // A failed poll shows the error with a retry button, as any query does.
  if (status.isError) return <QueryState query={status}>{() => null}</QueryState>;

  const data = status.data;
  // Until the first answer the import is running too: the server may answer only once it has finished a batch.
  if (!data || data.status === 'running') {
    const processed = data?.processedRows ?? 0;
    const total = data?.totalRows ?? 0;
    return (
      <div data-testid="import-progress">
        <Typography.Text>
          {total > 0 ? t('registry.import.processing', { processed, total }) : t('registry.import.starting')}
        </Typography.Text>
        <Progress percent={total > 0 ? Math.floor((processed / total) * 100) : 0} status="active" />
        <Typography.Text type="secondary">{t('registry.import.runningHint')}</Typography.Text>
      </div>
    );
  }

  if (data.status === 'failed') {
    const error = describeRegistryError(new ApiError(0, data.error.code, data.error.message));
    return (
      <div data-testid="import-result">
        <Result
          status="error"
          title={t('registry.import.failed')}
          subTitle={[error.title, error.detail].filter(Boolean).join(': ')}
          extra={startOverButton}
        />
      </div>
    );
  }

  const { problems } = data;
  const hasProblems = data.errorRows > 0 || problems.length > 0;
  return (
    <div data-testid="import-result">
      <Space orientation="vertical" size={16} className="full-width">
        <Result
          status={hasProblems ? 'warning' : 'success'}
          title={hasProblems ? t('registry.import.doneWithProblems') : t('registry.import.done')}
          extra={
            <Space wrap>
              {hasProblems ? <ReportButton importId={importId} /> : null}
              {startOverButton}
              <Button type="primary" icon={<TeamOutlined />} onClick={onShowResidents}>
                {t('registry.import.showResidents')}
              </Button>
            </Space>
          }
        />
        <ResultFigures result={data} />
        {hasProblems ? (
          <>
            <Alert type="warning" showIcon title={t('registry.import.skippedExplanation')} />
            <ProblemTable problems={problems} testId="import-result-problems" />
          </>
        ) : null}
      </Space>
    </div>
  );
}
