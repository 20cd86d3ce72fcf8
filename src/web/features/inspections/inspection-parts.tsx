import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Image, Row, Space, Statistic, Tag, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InspectionFigures, InspectionSummary } from '../../../shared/api/inspections';
import type { InspectionItemResult } from '../../../shared/inspections';
import { errorText } from '../../api/errors';
import { formatDateTime } from '../../i18n';
import { inspectionPhotoUrl, uploadInspectionPhoto } from './inspections-api';

export const resultColors: Record<InspectionItemResult, string> = {
  ok: 'green',
  not_ok: 'red',
  not_applicable: 'default',
};

/** The figures at the top of the inspections page: six numbers, two rows on a phone. */
export function InspectionFiguresRow({ figures }: { figures: InspectionFigures | undefined }) {
  const { t } = useTranslation();
  const keys = [
    'placesInspected',
    'inspections',
    'hazardsFound',
    'fixedOnTheSpot',
    'turnedIntoCases',
    'open',
  ] as const satisfies (keyof InspectionFigures)[];
  return (
    <Row gutter={[8, 8]} data-testid="inspection-figures">
      {keys.map((key) => (
        <Col key={key} xs={8} md={4}>
          <Card size="small">
            <Statistic title={t(`inspections.figures.${key}`)} value={figures?.[key] ?? '–'} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** An inspection in a line: when, what it found and what is still open. */
export function InspectionCounts({ inspection }: { inspection: InspectionSummary }) {
  const { t } = useTranslation();
  const { counts } = inspection;
  if (counts.failed === 0 && inspection.kind === 'inspection') return <Tag color="green">{t('inspections.allOk')}</Tag>;
  return (
    <Space size={4} wrap>
      {inspection.kind === 're_inspection' ? <Tag color="purple">{t('inspections.kind.re_inspection')}</Tag> : null}
      <Typography.Text type={counts.open > 0 ? 'danger' : 'secondary'}>
        {t('inspections.counts', counts)}
      </Typography.Text>
    </Space>
  );
}

export function inspectionTimeText(inspection: Pick<InspectionSummary, 'inspectedAt'>): string {
  return formatDateTime(inspection.inspectedAt);
}

/** Photos sent ahead of their inspection: each upload's id is added to `ids`. */
export function PhotoUpload({
  ids,
  onChange,
  label,
  testId,
}: {
  ids: string[];
  onChange: (ids: string[]) => void;
  label: string;
  testId?: string;
}) {
  const { message } = App.useApp();
  return (
    <Upload
      accept="image/jpeg,image/png,image/webp"
      listType="picture"
      maxCount={6}
      customRequest={({ file, onSuccess, onError }) => {
        uploadInspectionPhoto(file as File)
          .then((photo) => {
            onChange([...ids, photo.id]);
            onSuccess?.(photo);
          })
          .catch((error: Error) => {
            void message.error(errorText(error));
            onError?.(error);
          });
      }}
      onRemove={(file) => {
        const id = (file.response as { id?: string } | undefined)?.id;
        onChange(ids.filter((other) => other !== id));
      }}
    >
      <Button icon={<UploadOutlined />} size="small" data-testid={testId}>
        {label}
      </Button>
    </Upload>
  );
}

/** The photos of an item, small, opening large. */
export function ItemPhotos({
  inspectionId,
  photos,
}: {
  inspectionId: string;
  photos: { id: string; stage: 'before' | 'after' }[];
}) {
  const { t } = useTranslation();
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={4}>
        {photos.map((photo) => (
          <Image
            key={photo.id}
            width={64}
            height={64}
            style={{ objectFit: 'cover' }}
            src={inspectionPhotoUrl(inspectionId, photo.id)}
            alt={t(`inspections.stage.${photo.stage}`)}
            title={t(`inspections.stage.${photo.stage}`)}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
