import { Descriptions, Drawer, Image, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Visit } from '../../../shared/api/visits';
import { apiUrl } from '../../api/client';
import { QueryState } from '../../components/query-state';
import { useIsPhone } from '../../components/use-is-phone';
import { useTranslation } from 'react-i18next';
import { VisitFindings } from './visit-findings';
import { usePurposeName, useVisit } from './visits-api';

/** When a visit was, on China's clock as people count. */
export function visitTimeText(visit: Pick<Visit, 'visitedAt'>): string {
  const china = new Date(new Date(visit.visitedAt).getTime() + 8 * 3_600_000).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`;
}

function VisitDetails({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const purposeName = usePurposeName();
  const none = t('common.none');
  return (
    <Space orientation="vertical" size={16} className="full-width">
      <Typography.Title level={4}>{visit.label}</Typography.Title>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'grid', label: t('visits.grid'), children: visit.regionName },
          { key: 'time', label: t('visits.visitedAt'), children: visitTimeText(visit) },
          { key: 'purpose', label: t('visits.purpose'), children: purposeName(visit) },
          {
            key: 'visitors',
            label: t('visits.visitors'),
            children: visit.visitors.map((visitor) => visitor.name).join('、') || none,
          },
          {
            key: 'persons',
            label: t('visits.personsMet'),
            children: visit.personsMet.map((person) => person.name).join('、') || none,
          },
          { key: 'findings', label: t('visits.findings'), children: <VisitFindings visit={visit} empty={none} /> },
          {
            key: 'case',
            label: t('visits.followUp.case'),
            children: visit.case ? (
              <Link to={`/cases/${visit.case.id}`} data-testid="visit-case-link">
                {visit.case.number}
              </Link>
            ) : (
              none
            ),
          },
          {
            key: 'needs',
            label: t('visits.followUp.need'),
            children:
              visit.needs.length > 0 ? (
                <Space orientation="vertical" size={4}>
                  {visit.needs.map((need) => (
                    <span key={need.id}>
                      <Tag>{t(`visits.needKind.${need.kind}`)}</Tag>
                      {need.description}
                    </span>
                  ))}
                </Space>
              ) : (
                none
              ),
          },
          {
            key: 'location',
            label: t('visits.location'),
            children: visit.location ? `${visit.location.lat.toFixed(5)}, ${visit.location.lng.toFixed(5)}` : none,
          },
          { key: 'recordedBy', label: t('visits.recordedBy'), children: visit.recordedByName ?? none },
        ]}
      />
      {visit.photos.length > 0 ? (
        <Image.PreviewGroup>
          <Space wrap>
            {visit.photos.map((photo) => (
              <Image key={photo.id} width={96} src={apiUrl(`/visit-photos/${photo.id}`)} alt={photo.fileName} />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
    </Space>
  );
}

/** A visit's details in a drawer (the whole screen on a phone). */
export function VisitDrawer({ visitId, onClose }: { visitId: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const visit = useVisit(visitId);
  return (
    <Drawer
      title={t('visits.detailTitle')}
      open={visitId !== undefined}
      onClose={onClose}
      size={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <div data-testid="visit-drawer">
        <QueryState query={visit}>{() => (visit.data ? <VisitDetails visit={visit.data} /> : null)}</QueryState>
      </div>
    </Drawer>
  );
}
