import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Modal, Table, Upload } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/errors';
import { boundaryProblemsOf, describeBoundaryProblem, type BoundaryProblem } from './boundary-problems';
import type { Region } from '../../../shared/api/regions';
import { useImportBoundaries } from './regions-api';

function isFeatureCollection(value: unknown): value is FeatureCollection {
  const candidate = value as { type?: unknown; features?: unknown } | null;
  return (
    candidate !== null &&
    typeof candidate === 'object' &&
    candidate.type === 'FeatureCollection' &&
    Array.isArray(candidate.features)
  );
}

/** The upload dialog of a region's boundaries: the file, then the server's verdict or its problems, one per row. */
export default function BoundaryImportDialog({
  region,
  isOpen,
  onClose,
}: {
  region: Region;
  isOpen: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [fileError, setFileError] = useState<string>();
  const importBoundaries = useImportBoundaries();

  const close = () => {
    onClose();
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
  );
}
