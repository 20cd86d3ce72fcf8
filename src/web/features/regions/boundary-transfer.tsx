import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionLevels } from '../../../shared/policy';
import { describeError } from '../../api/errors';
import { downloadJson } from '../../components/download';
import type { Region } from '../../../shared/api/regions';
import { fetchBoundaries } from './regions-api';

// The upload dialog (antd's Upload, the problem list and its checks) loads when it is first opened.
const BoundaryImportDialog = lazy(() => import('./boundary-import-dialog'));

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

/** Uploads a GeoJSON file of boundaries (matched by region code); the server takes all of it or none. */
export function BoundaryImportButton({ region }: { region: Region }) {
  const { t } = useTranslation();
  // Undefined until first opened; then the dialog stays mounted so it closes with its animation.
  const [isOpen, setOpen] = useState<boolean>();
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="import-boundaries">
        {t('regions.importBoundaries')}
      </Button>
      {isOpen === undefined ? null : (
        <Suspense fallback={null}>
          <BoundaryImportDialog region={region} isOpen={isOpen} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
