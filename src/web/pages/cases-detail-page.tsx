import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Result, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import type { CaseDetail } from '../../shared/api/cases';
import type { CaseAction } from '../../shared/cases';
import { isApiError } from '../api/client';
import { QueryState } from '../components/query-state';
import { CaseActionModal } from '../features/cases/case-action-modal';
import { CaseFacts } from '../features/cases/case-facts';
import { CaseLocationMap } from '../features/cases/case-location-map';
import { CasePhotos } from '../features/cases/case-photos';
import { CaseStatusTag, CaseUrgedTag } from '../features/cases/case-tags';
import { CaseTimeline } from '../features/cases/case-timeline';
import { useCase, useItemName } from '../features/cases/cases-api';
import { useCan } from '../features/session/session-api';

// The actions that move a case forward stand out; the others (return, escalate, park, comment …) stay plain.
const forwardActions = new Set<CaseAction>([
  'accept',
  'dispatch',
  'claim',
  'start',
  'handle',
  'verify',
  'close',
  'resubmit',
  'resume',
]);

/** The buttons for exactly the actions the server says this user may take now. */
function CaseActions({ record, onAction }: { record: CaseDetail; onAction: (action: CaseAction) => void }) {
  const { t } = useTranslation();
  if (record.abilities.length === 0) {
    return <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>;
  }
  const primary = record.abilities.find((action) => forwardActions.has(action));
  return (
    <Flex wrap gap={8} data-testid="case-actions">
      {record.abilities.map((action) => (
        <Button
          key={action}
          type={action === primary ? 'primary' : 'default'}
          onClick={() => onAction(action)}
          data-testid={`case-action-${action}`}
        >
          {t(`cases.action.${action}`)}
        </Button>
      ))}
    </Flex>
  );
}

function CaseView({ record }: { record: CaseDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const browserLocation = useLocation();
  const itemName = useItemName();
  const [action, setAction] = useState<CaseAction>();
  const { location } = record;
  return (
    <Space orientation="vertical" size={16} className="full-width" data-testid="case-page">
      <Card>
        <Space orientation="vertical" size={12} className="full-width">
          <Flex align="center" gap={8} wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('cases.detail.back')}
              // Back where one came from (the inbox, a notification); a link opened afresh goes to the inbox.
              onClick={() => void (browserLocation.key === 'default' ? navigate('/cases') : navigate(-1))}
            />
            <Typography.Title level={4} className="region-title" data-testid="case-title">
              {itemName(record)}
            </Typography.Title>
            <CaseStatusTag status={record.status} />
            <CaseUrgedTag record={record} />
          </Flex>
          <Typography.Text type="secondary" copyable={{ text: record.number }} data-testid="case-number">
            {record.number}
          </Typography.Text>
          <div className="case-actions">
            <CaseActions record={record} onAction={setAction} />
          </div>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} className="full-width">
            <Card size="small" title={t('cases.detail.facts')}>
              <CaseFacts record={record} />
            </Card>
            <Card size="small" title={t('cases.detail.photos')}>
              <CasePhotos
                caseId={record.id}
                photos={record.files}
                canAdd={can('case.report') && record.status !== 'merged'}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} className="full-width">
            {location ? (
              <Card size="small" title={t('cases.detail.map')}>
                <CaseLocationMap record={{ ...record, location }} />
              </Card>
            ) : null}
            <Card size="small" title={t('cases.detail.timeline')}>
              <CaseTimeline entries={record.timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
      <CaseActionModal record={record} action={action} onClose={() => setAction(undefined)} />
    </Space>
  );
}

/** One case: its facts, map pin, photos and history, and the actions the user may take on it now. */
export default function CasesDetailPage() {
  const { t } = useTranslation();
  const { caseId } = useParams();
  const record = useCase(caseId);
  if (isApiError(record.error) && record.error.status === 404) {
    return <Result status="404" title={t('cases.detail.notFound')} />;
  }
  return <QueryState query={record}>{() => (record.data ? <CaseView record={record.data} /> : null)}</QueryState>;
}
