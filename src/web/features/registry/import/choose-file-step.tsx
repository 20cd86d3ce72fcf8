import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Progress, Space, Typography } from 'antd';
import { useState, type DragEvent } from 'react';
import { RegionPicker } from '../../regions/region-picker';
import { useSignedInSession } from '../../session/session-api';
import { downloadFile } from '../../../components/download';
import { describeRegistryError } from '../registry-errors';
import { useRegistryTranslation } from '../use-registry-translation';
import type { LedgerPreview } from '../../../../shared/api/registry-import';
import { useUploadLedger } from './ledger-api';

const acceptedExtensions = '.xlsx,.csv';

function TemplateLink() {
  const { t } = useRegistryTranslation();
  const { notification } = App.useApp();
  const [isDownloading, setDownloading] = useState(false);
  const download = () => {
    setDownloading(true);
    downloadFile('/registry/import-template', undefined, t('registry.import.templateFileName'))
      .catch((error: unknown) => {
        const { title, detail } = describeRegistryError(error);
        notification.error({ title, description: detail, placement: 'topRight' });
      })
      .finally(() => setDownloading(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={isDownloading} onClick={download} data-testid="import-template">
      {t('registry.import.downloadTemplate')}
    </Button>
  );
}

/** Step 1: where the people go, the template, and the file, uploaded with a progress bar and checked by the server. */
export function ChooseFileStep({
  regionId,
  onRegionChange,
  onPreviewed,
}: {
  regionId: string | undefined;
  onRegionChange: (regionId: string | undefined) => void;
  onPreviewed: (preview: LedgerPreview, fileName: string) => void;
}) {
  const { t } = useRegistryTranslation();
  const session = useSignedInSession();
  const upload = useUploadLedger();
  const [sentShare, setSentShare] = useState(0);
  const [fileName, setFileName] = useState<string>();
  const [isDraggedOver, setDraggedOver] = useState(false);
  const isDisabled = regionId === undefined || upload.isPending;

  const send = (file: File | undefined) => {
    if (!file || regionId === undefined) return;
    setFileName(file.name);
    setSentShare(0);
    upload.mutate(
      { file, regionId, csrfToken: session.csrfToken, onProgress: setSentShare },
      { onSuccess: (preview) => onPreviewed(preview, file.name) },
    );
  };

  const drop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDraggedOver(false);
    if (!isDisabled) send(event.dataTransfer.files[0]);
  };

  const error = upload.isError ? describeRegistryError(upload.error) : undefined;
  const percent = Math.round(sentShare * 100);

  return (
    <Space orientation="vertical" size={16} className="full-width">
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('registry.import.region')}
          extra={t('registry.import.regionHelp')}
          required
          validateStatus={regionId === undefined ? 'warning' : undefined}
        >
          <div data-testid="import-region">
            <RegionPicker
              value={regionId}
              onChange={(value) => onRegionChange(typeof value === 'string' ? value : undefined)}
            />
          </div>
        </Form.Item>
      </Form>
      <Space wrap align="center">
        <TemplateLink />
        <Typography.Text type="secondary">{t('registry.import.templateHelp')}</Typography.Text>
      </Space>
      {/* A label around the input: a click opens the file dialog, a dropped file is taken as well. */}
      <label
        className={`registry-dropzone${isDraggedOver ? ' registry-dropzone-active' : ''}${isDisabled ? ' registry-dropzone-disabled' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDraggedOver(true);
        }}
        onDragLeave={() => setDraggedOver(false)}
        onDrop={drop}
      >
        <input
          type="file"
          accept={acceptedExtensions}
          className="registry-file-input"
          disabled={isDisabled}
          onChange={(event) => {
            send(event.target.files?.[0]);
            // The same file chosen again (after fixing it) must fire a change too.
            event.target.value = '';
          }}
          data-testid="import-file-input"
        />
        <InboxOutlined className="registry-dropzone-icon" />
        <Typography.Text strong>{t('registry.import.chooseFile')}</Typography.Text>
        <Typography.Text type="secondary">
          {regionId === undefined ? t('registry.import.regionFirst') : t('registry.import.fileHelp')}
        </Typography.Text>
      </label>
      {upload.isPending ? (
        <div data-testid="import-upload-progress">
          <Typography.Text>
            {percent < 100 ? t('registry.import.uploading', { fileName }) : t('registry.import.checking', { fileName })}
          </Typography.Text>
          <Progress percent={percent} status="active" />
        </div>
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error.title} description={error.detail} data-testid="import-upload-error" />
      ) : null}
    </Space>
  );
}
