import { QrcodeOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/errors';
import { downloadFile } from '../../components/download';
import type { Region } from '../../../shared/api/regions';

/**
 * 二维码海报: the printable PDF of a grid's QR-code poster, or of every grid under a village, town or county, that
 * residents scan to open their grid's page. The server draws the file; the button only fetches it.
 */
export function ResidentPosterButton({ region }: { region: Region }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isPrinting, setPrinting] = useState(false);
  if (region.level === 'micro_grid') return null;

  const print = async () => {
    setPrinting(true);
    try {
      await downloadFile(`/regions/${region.id}/resident-poster.pdf`, undefined, `${region.name}-二维码海报.pdf`);
    } catch (error) {
      void message.error(describeError(error).title);
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Button icon={<QrcodeOutlined />} loading={isPrinting} onClick={() => void print()} data-testid="resident-poster">
      {t('regions.residentPoster')}
    </Button>
  );
}
