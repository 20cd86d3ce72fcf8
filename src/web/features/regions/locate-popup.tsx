import { Space, Spin, Tag, Typography } from 'antd';
import type { LatLng } from 'leaflet';
import { useTranslation } from 'react-i18next';
import { Popup } from 'react-leaflet';
import { Link } from 'react-router-dom';
import { describeError } from '../../api/errors';
import { useLocateRegion } from './regions-api';

/** Answers "which grid is this?" for a clicked point, inside a map popup. */
export function LocatePopup({ point, onClose }: { point: LatLng; onClose: () => void }) {
  const { t } = useTranslation();
  const located = useLocateRegion({ longitude: point.lng, latitude: point.lat });
  const region = located.data?.region;

  const content = () => {
    if (located.isPending) return <Spin size="small" />;
    if (located.isError) return <Typography.Text type="danger">{describeError(located.error).title}</Typography.Text>;
    if (!region) return <Typography.Text type="secondary">{t('map.notInAnyRegion')}</Typography.Text>;
    return (
      <Space orientation="vertical" size={4} data-testid="locate-result">
        <Space size={4}>
          <Typography.Text strong>{region.name}</Typography.Text>
          <Tag color="blue">{t(`level.${region.level}`)}</Tag>
        </Space>
        <Typography.Text type="secondary">{located.data.path.map((step) => step.name).join(' / ')}</Typography.Text>
        <Typography.Text type="secondary">
          {t('regions.code')}: {region.code}
        </Typography.Text>
        <Link to={`/regions/${region.id}`}>{t('regions.openPage')}</Link>
      </Space>
    );
  };

  return (
    <Popup position={point} eventHandlers={{ remove: onClose }} minWidth={180}>
      {content()}
    </Popup>
  );
}
