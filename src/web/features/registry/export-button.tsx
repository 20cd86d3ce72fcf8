import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useCan } from '../session/session-api';
import { downloadFile } from '../../components/download';
import type { PersonFilter } from './persons-api';
import { ReasonModal } from './reason-modal';
import { describeRegistryError } from './registry-errors';
import { useRegistryTranslation } from './use-registry-translation';

/**
 * Downloads the people the list shows as an .xlsx ledger: masked, or with full ID numbers and phones for
 * `sensitive.read` after giving a reason (both recorded in the audit log).
 */
export function ExportButton({ filter }: { filter: PersonFilter }) {
  const { t } = useRegistryTranslation();
  const { notification } = App.useApp();
  const can = useCan();
  const [isExporting, setExporting] = useState(false);
  const [isAskingReason, setAskingReason] = useState(false);

  const exportLedger = async (reveal?: { reason: string }) => {
    setExporting(true);
    try {
      await downloadFile(
        '/registry/export',
        {
          regionId: filter.regionId,
          q: filter.search,
          tag: filter.tag,
          ...(reveal ? { reveal: true, reason: reveal.reason } : {}),
        },
        t('registry.export.fileName'),
      );
    } catch (error) {
      const { title, detail } = describeRegistryError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
      throw error;
    } finally {
      setExporting(false);
    }
  };

  // Failures have been notified; the reason dialog needs the rejection to stay open, a plain click does not.
  const exportMasked = () => void exportLedger().catch(() => undefined);
  const label = t('registry.export.button');

  if (!can('sensitive.read')) {
    return (
      <Button icon={<DownloadOutlined />} loading={isExporting} onClick={exportMasked} data-testid="registry-export">
        {label}
      </Button>
    );
  }

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'masked', label: t('registry.export.masked') },
            { key: 'full', label: t('registry.export.full') },
          ],
          onClick: ({ key }) => {
            if (key === 'full') setAskingReason(true);
            else exportMasked();
          },
        }}
      >
        <Button icon={<DownloadOutlined />} loading={isExporting} data-testid="registry-export">
          {label}
        </Button>
      </Dropdown>
      <ReasonModal
        title={t('registry.export.fullTitle')}
        explanation={t('registry.export.fullExplanation')}
        open={isAskingReason}
        onClose={() => setAskingReason(false)}
        onSubmit={(reason) => exportLedger({ reason })}
      />
    </>
  );
}
