import { App, Button, Card, Descriptions, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { uuidv7 } from 'uuidv7';
import type { InspectionDetail, InspectionItem } from '../../shared/api/inspections';
import { errorText } from '../api/errors';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import {
  InspectionCounts,
  ItemPhotos,
  inspectionTimeText,
  PhotoUpload,
  resultColors,
} from '../features/inspections/inspection-parts';
import { useInspection, useLocalName, useReInspect } from '../features/inspections/inspections-api';
import { useCan } from '../features/session/session-api';
import { formatDateTime } from '../i18n';

type Recheck = { result?: 'ok' | 'not_ok'; note: string; photoIds: string[] };

/** 复查: each open item checked again; a pass needs a photo of the fix. */
function ReInspectionCard({ inspection }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const localName = useLocalName();
  const reInspect = useReInspect(inspection.id);
  const [id, setId] = useState(() => uuidv7());
  const [answers, setAnswers] = useState<Record<string, Recheck>>({});
  const openItems = inspection.items.filter((item) => item.resolution === 'case' && item.recheckedBy === null);
  if (openItems.length === 0) return null;
  const answerOf = (code: string): Recheck => answers[code] ?? { note: '', photoIds: [] };
  const set = (code: string, change: Partial<Recheck>) =>
    setAnswers((all) => ({ ...all, [code]: { ...answerOf(code), ...change } }));
  const answered = openItems.filter((item) => answerOf(item.code).result !== undefined);

  const submit = async () => {
    const missingPhoto = answered.find(
      (item) => answerOf(item.code).result === 'ok' && answerOf(item.code).photoIds.length === 0,
    );
    if (missingPhoto) {
      void message.warning(`${localName(missingPhoto.name)}：${t('inspections.form.fixPhotoRequired')}`);
      return;
    }
    try {
      await reInspect.mutateAsync({
        id,
        inspectedAt: new Date().toISOString(),
        items: answered.map((item) => ({
          code: item.code,
          ...answerOf(item.code),
          result: answerOf(item.code).result!,
        })),
      });
      void message.success(t('inspections.detail.rechecked_saved'));
      setId(uuidv7());
      setAnswers({});
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Card size="small" title={t('inspections.detail.reInspect')} data-testid="re-inspection">
      <Space orientation="vertical" size={8} className="full-width">
        <Typography.Text type="secondary">{t('inspections.detail.reInspectHint')}</Typography.Text>
        {openItems.map((item) => (
          <Card size="small" key={item.code}>
            <Space orientation="vertical" size={6} className="full-width">
              <Typography.Text strong>{localName(item.name)}</Typography.Text>
              <Radio.Group
                optionType="button"
                value={answerOf(item.code).result}
                onChange={(event) => set(item.code, { result: event.target.value as 'ok' | 'not_ok' })}
                options={[
                  { value: 'ok', label: t('inspections.result.ok') },
                  { value: 'not_ok', label: t('inspections.result.not_ok') },
                ]}
              />
              <Input
                maxLength={2000}
                placeholder={t('inspections.form.itemNote')}
                value={answerOf(item.code).note}
                onChange={(event) => set(item.code, { note: event.target.value })}
              />
              <PhotoUpload
                ids={answerOf(item.code).photoIds}
                onChange={(photoIds) => set(item.code, { photoIds })}
                label={t('inspections.form.addPhoto')}
              />
            </Space>
          </Card>
        ))}
        <Button
          type="primary"
          disabled={answered.length === 0}
          loading={reInspect.isPending}
          onClick={() => void submit()}
        >
          {t('inspections.detail.submitRecheck')}
        </Button>
      </Space>
    </Card>
  );
}

function ItemRow({ inspectionId, item }: { inspectionId: string; item: InspectionItem }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  return (
    <List.Item data-testid={`inspection-detail-item-${item.code}`}>
      <Space orientation="vertical" size={4} className="full-width">
        <Space wrap size={4}>
          <Typography.Text strong>{localName(item.name)}</Typography.Text>
          <Tag color={resultColors[item.result]}>{t(`inspections.result.${item.result}`)}</Tag>
          {item.resolution ? <Tag color="blue">{t(`inspections.resolution.${item.resolution}`)}</Tag> : null}
          {item.isOpen ? <Tag color="red">{t('inspections.detail.open')}</Tag> : null}
          {item.recheckedBy ? <Tag color="green">{t('inspections.detail.rechecked')}</Tag> : null}
        </Space>
        {item.note ? <Typography.Text>{item.note}</Typography.Text> : null}
        {item.case ? (
          <Typography.Text type="secondary">
            {t('inspections.detail.case')} <Link to={`/cases/${item.case.id}`}>{item.case.number}</Link> ·{' '}
            {t(`cases.status.${item.case.status}`)}
            {item.case.deadline ? ` · ${t('inspections.detail.deadline')} ${formatDateTime(item.case.deadline)}` : ''}
          </Typography.Text>
        ) : null}
        <ItemPhotos inspectionId={inspectionId} photos={item.photos} />
      </Space>
    </List.Item>
  );
}

/** An inspection: where, when, who, each item as found, its cases and photos; 复查 for what is still open. */
export default function InspectionDetailPage() {
  const { t } = useTranslation();
  const can = useCan();
  const localName = useLocalName();
  const { inspectionId } = useParams();
  const inspection = useInspection(inspectionId);
  return (
    <QueryState query={inspection}>
      {() => {
        const detail = inspection.data!;
        return (
          <PageCard title={`${t('inspections.detail.title')} · ${detail.place.name}`} testId="inspection-detail">
            <Space orientation="vertical" size={12} className="full-width">
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                <Descriptions.Item label={t('inspections.place')}>
                  {detail.place.name} {detail.place.address ? `· ${detail.place.address}` : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('inspections.grid')}>{detail.regionName}</Descriptions.Item>
                <Descriptions.Item label={t('inspections.inspectedAt')}>{inspectionTimeText(detail)}</Descriptions.Item>
                <Descriptions.Item label={t('inspections.inspectors')}>
                  {detail.inspectors.map((person) => person.name).join('、') || t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('inspections.checklist')}>
                  <Tag>{t(`inspections.kind.${detail.kind}`)}</Tag>
                  {localName(detail.checklist.name)} (
                  {t('inspections.editor.version', { version: detail.checklist.version })})
                </Descriptions.Item>
                <Descriptions.Item label={t('inspections.recordedBy')}>
                  {detail.recordedByName ?? t('common.none')}
                </Descriptions.Item>
                {detail.previousId ? (
                  <Descriptions.Item label={t('inspections.detail.reInspectionOf')}>
                    <Link to={`/inspections/${detail.previousId}`}>{t('inspections.kind.inspection')}</Link>
                  </Descriptions.Item>
                ) : null}
                {detail.notes ? (
                  <Descriptions.Item label={t('inspections.notes')}>{detail.notes}</Descriptions.Item>
                ) : null}
              </Descriptions>
              <InspectionCounts inspection={detail} />
              <List
                bordered
                size="small"
                dataSource={detail.items}
                renderItem={(item) => <ItemRow inspectionId={detail.id} item={item} />}
              />
              {detail.reInspections.length > 0 ? (
                <Card size="small" title={t('inspections.detail.reInspections')}>
                  <Space wrap>
                    {detail.reInspections.map((entry) => (
                      <Link key={entry.id} to={`/inspections/${entry.id}`}>
                        {formatDateTime(entry.inspectedAt)}
                      </Link>
                    ))}
                  </Space>
                </Card>
              ) : null}
              {detail.kind === 'inspection' && can('inspection.record') ? (
                <ReInspectionCard key={detail.id} inspection={detail} />
              ) : null}
            </Space>
          </PageCard>
        );
      }}
    </QueryState>
  );
}
