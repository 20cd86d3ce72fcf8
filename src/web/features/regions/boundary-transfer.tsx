import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Modal, Table, Upload } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionLevels } from '../../../shared/policy';
import { describeError } from '../../api/errors';
import { downloadJson } from '../../components/download';
import { boundaryProblemsOf, describeBoundaryProblem, type BoundaryProblem } from './boundary-problems';
import { fetchBoundaries, useImportBoundaries, type Region } from './regions-api';

/** Levels below a region, nearest first: what its boundaries can be exported at. */
function levelsBelow(region: Region) {
  return regionLevels.slice(regionLevels.indexOf(region.level) + 1);
}

/** Downloads the boundaries of a region's descendants at a chosen level as a GeoJSON file. */
export function BoundaryExportButton({ region }: { region: Region }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isExporting, setExporting] = useState(false);
  const levels = levelsBelow(region);
  if (levels.length === 0) return null;

  const exportLevel = async (level: (typeof levels)[number]) => {
    setExporting(true);
    try {
      const collection = await fetchBoundaries(region.id, level);
      if (collection.features.length === 0) {
        void message.info(t('regions.exportEmpty'));
        return;
      }
      downloadJson(`${region.code}-${level}.geojson`, collection);
    } catch (error) {
      void message.error(describeError(error).title);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: levels.map((level) => ({ key: level, label: t('regions.exportLevel', { level: t(`level.${level}`) }) })),
        onClick: ({ key }) => void exportLevel(key as (typeof levels)[number]),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={isExporting} data-testid="export-boundaries">
        {t('regions.exportBoundaries')}
      </Button>
    </Dropdown>
  );
}

function isFeatureCollection(value: unknown): value is FeatureCollection {
  const candidate = value as { type?: unknown; features?: unknown } | null;
  return (
    candidate !== null &&
    typeof candidate === 'object' &&
    candidate.type === 'FeatureCollection' &&
    Array.isArray(candidate.features)
  );
}

/** Uploads a GeoJSON file of boundaries (matched by region code); the server takes all of it or none. */
export function BoundaryImportButton({ region }: { region: Region }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [isOpen, setOpen] = useState(false);
  const [fileError, setFileError] = useState<string>();
  const importBoundaries = useImportBoundaries();

  const close = () => {
    setOpen(false);
    setFileError(undefined);
    importBoundaries.reset();
  };

  const upload = async (file: File) => {
    setFileError(undefined);
    importBoundaries.reset();
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      parsed = undefined;
    }
    if (!isFeatureCollection(parsed)) {
      setFileError(t('regions.invalidFile'));
      return;
    }
    const result = await importBoundaries.mutateAsync({ id: region.id, collection: parsed }).catch(() => undefined);
    if (result) {
      void message.success(t('regions.importSucceeded', { count: result.updated }));
      close();
    }
  };

  const serverError = importBoundaries.error;
  const problems = boundaryProblemsOf(serverError);

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="import-boundaries">
        {t('regions.importBoundaries')}
      </Button>
      <Modal
        title={t('regions.importBoundaries')}
        open={isOpen}
        onCancel={close}
        footer={null}
        destroyOnHidden
        width={640}
      >
        <Upload.Dragger
          accept=".geojson,.json,application/geo+json,application/json"
          showUploadList={false}
          disabled={importBoundaries.isPending}
          beforeUpload={(file) => {
            void upload(file);
            // Read in the browser and sent as JSON by the API client, not posted by the Upload widget.
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('regions.importHelp')}</p>
        </Upload.Dragger>
        {fileError ? <Alert type="error" showIcon title={fileError} className="import-result" /> : null}
        {serverError ? (
          <Alert
            type="error"
            showIcon
            className="import-result"
            title={problems.length > 0 ? t('regions.importFailedTitle') : describeError(serverError).title}
            description={
              problems.length > 0 ? (
                <Table<BoundaryProblem>
                  size="small"
                  rowKey={(problem) => `${problem.feature}-${problem.code}-${problem.params.regionId ?? ''}`}
                  dataSource={problems}
                  pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
                  columns={[
                    { title: t('regions.importFeature'), dataIndex: 'feature', width: 100 },
                    {
                      title: t('regions.importProblem'),
                      key: 'problem',
                      render: (_, problem) => describeBoundaryProblem(t, i18n.language, problem),
                    },
                  ]}
                  data-testid="import-problems"
                />
              ) : (
                describeError(serverError).detail
              )
            }
          />
        ) : null}
      </Modal>
    </>
  );
}
