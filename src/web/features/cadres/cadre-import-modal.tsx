import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../../../shared/api/cadres';
import { describeError } from '../../api/errors';
import { downloadFile } from '../../components/download';
import { useCan, useSignedInSession } from '../session/session-api';
import { RegionPicker } from './cadre-register-modal';
import { useImportCadres, useImportCommunities } from './cadre-registration-api';
import { UnitSelect } from '../pairings/unit-select';

type Problem = ImportResult['problems'][number];

/** The template: the header row the import reads. */
function TemplateButton() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [isDownloading, setDownloading] = useState(false);
  const download = () => {
    setDownloading(true);
    downloadFile('/cadres/import-template', undefined, t('cadreRegistration.import.templateFileName'))
      .catch((error: unknown) => {
        const { title, detail } = describeError(error);
        notification.error({ title, description: detail, placement: 'topRight' });
      })
      .finally(() => setDownloading(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={isDownloading} onClick={download} data-testid="cadre-import-template">
      {t('cadreRegistration.import.template')}
    </Button>
  );
}

/** The community served: searched in the region tree, or, for an account that reads no region, from the county's. */
function CommunityField({ value, onChange }: { value?: string; onChange: (value: string) => void }) {
  const can = useCan();
  const communities = useImportCommunities(!can('region.read'));
  if (can('region.read')) {
    return <RegionPicker level="village" value={value} onChange={onChange} testId="cadre-import-community" />;
  }
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      loading={communities.isLoading}
      options={(communities.data ?? []).map((community) => ({ value: community.id, label: community.name }))}
      data-testid="cadre-import-community"
    />
  );
}

/**
 * 导入名单: a dispatching unit's list of the cadres serving one community. The server takes all rows or none, so a
 * refused list shows every row's problem here, and the unit fixes the file and sends it again whole.
 */
export function CadreImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  // A dispatching unit's own account uploads its own list only.
  const ownUnit = useSignedInSession().user.unit;
  const upload = useImportCadres();
  const [unitId, setUnitId] = useState<string | undefined>(ownUnit?.id);
  const [serviceRegionId, setServiceRegionId] = useState<string>();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const result = upload.data;
  const isReady = unitId !== undefined && serviceRegionId !== undefined;

  const send = (file: File) => {
    if (unitId !== undefined && serviceRegionId !== undefined) upload.mutate({ file, unitId, serviceRegionId });
    // Nothing for antd to upload on its own: the file is sent by the mutation.
    return false;
  };
  const close = () => {
    upload.reset();
    onClose();
  };
  const error = upload.isError ? describeError(upload.error) : undefined;

  return (
    <Modal
      title={t('cadreRegistration.import.title')}
      open={open}
      onCancel={close}
      footer={null}
      destroyOnHidden
      width={720}
      data-testid="cadre-import"
    >
      <Space orientation="vertical" size={12} className="full-width">
        <Form layout="vertical" component="div">
          <Form.Item label={t('cadreRegistration.import.unit')} required>
            {ownUnit ? (
              <Typography.Text data-testid="cadre-import-unit">{ownUnit.name}</Typography.Text>
            ) : (
              <UnitSelect value={unitId} onChange={setUnitId} testId="cadre-import-unit" />
            )}
          </Form.Item>
          <Form.Item label={t('cadreRegistration.import.community')} required>
            <CommunityField value={serviceRegionId} onChange={setServiceRegionId} />
          </Form.Item>
        </Form>
        <Space wrap align="center">
          <TemplateButton />
          <Typography.Text type="secondary">{t('cadreRegistration.import.templateHelp')}</Typography.Text>
        </Space>
        <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={send} disabled={!isReady || upload.isPending}>
          <Button
            type="primary"
            icon={<UploadOutlined />}
            disabled={!isReady}
            loading={upload.isPending}
            data-testid="cadre-import-file"
          >
            {t('cadreRegistration.import.chooseFile')}
          </Button>
        </Upload>
        {isReady ? null : (
          <Typography.Text type="secondary">{t('cadreRegistration.import.chooseFirst')}</Typography.Text>
        )}
        {error ? <Alert type="error" showIcon title={error.title} description={error.detail} /> : null}
        {result && result.problems.length > 0 ? (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('cadreRegistration.import.refused', { count: result.problems.length })}
              data-testid="cadre-import-refused"
            />
            <Table<Problem>
              size="small"
              rowKey={(problem) => `${problem.rowNumber}-${problem.column}`}
              dataSource={result.problems}
              pagination={result.problems.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('cadreRegistration.import.row'), dataIndex: 'rowNumber', width: 72 },
                { title: t('cadreRegistration.import.column'), dataIndex: 'column', width: 100 },
                {
                  title: t('cadreRegistration.import.problem'),
                  key: 'message',
                  render: (_: unknown, problem: Problem) => problem.message[language],
                },
              ]}
              data-testid="cadre-import-problems"
            />
          </>
        ) : null}
        {result && result.problems.length === 0 ? (
          <Alert
            type={result.imported > 0 ? 'success' : 'info'}
            showIcon
            title={
              result.imported > 0
                ? t('cadreRegistration.import.imported', { count: result.imported })
                : t('cadreRegistration.import.nothing')
            }
            data-testid="cadre-import-done"
          />
        ) : null}
      </Space>
    </Modal>
  );
}
