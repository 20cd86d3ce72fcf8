import { PlusOutlined } from '@ant-design/icons';
import { Button, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { needStatuses, type NeedStatus } from '../../../shared/visits';
import { LoadMore, QueryState } from '../../components/query-state';
import { useCan } from '../session/session-api';
import { VisitDrawer, visitTimeText } from './visit-drawer';
import { VisitFindings } from './visit-findings';
import { VisitFormModal } from './visit-form-modal';
import { useChangeNeedStatus, useHouseholdNeeds, usePurposeName, useVisits } from './visits-api';

const statusColors: Record<NeedStatus, string> = { open: 'orange', met: 'green', closed: 'default' };

/** A household's visit history (newest first) and its needs, with a button to record a visit there. */
export default function HouseholdVisits({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const purposeName = usePurposeName();
  const visits = useVisits({ householdId });
  const needs = useHouseholdNeeds(householdId);
  const changeStatus = useChangeNeedStatus(householdId);
  const [isRecording, setRecording] = useState(false);
  const [openVisitId, setOpenVisitId] = useState<string>();
  return (
    <Space orientation="vertical" size={8} className="full-width" data-testid="household-visits">
      <Space wrap className="full-width" style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={5} className="registry-section-title">
          {t('visits.history')}
        </Typography.Title>
        {can('visit.record') ? (
          <Button icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="household-record-visit">
            {t('visits.record')}
          </Button>
        ) : null}
      </Space>
      <QueryState query={visits}>
        {() => (
          <>
            <List
              size="small"
              bordered
              dataSource={visits.items}
              locale={{ emptyText: t('visits.neverVisited') }}
              renderItem={(visit) => (
                <List.Item onClick={() => setOpenVisitId(visit.id)} style={{ cursor: 'pointer' }}>
                  <Space orientation="vertical" size={0}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{visitTimeText(visit)}</Typography.Text>
                      <Tag>{purposeName(visit)}</Tag>
                      <Typography.Text type="secondary">
                        {visit.visitors.map((visitor) => visitor.name).join('、')}
                      </Typography.Text>
                    </Space>
                    <VisitFindings visit={visit} />
                  </Space>
                </List.Item>
              )}
            />
            <LoadMore list={visits} />
          </>
        )}
      </QueryState>
      <Typography.Title level={5} className="registry-section-title">
        {t('visits.needs')}
      </Typography.Title>
      <QueryState query={needs}>
        {() => (
          <List
            size="small"
            bordered
            dataSource={needs.data ?? []}
            locale={{ emptyText: t('visits.noNeeds') }}
            data-testid="household-needs"
            renderItem={(need) => (
              <List.Item
                actions={
                  can('visit.record')
                    ? [
                        <Select<NeedStatus>
                          key="status"
                          size="small"
                          value={need.status}
                          onChange={(status) => changeStatus.mutate({ needId: need.id, status })}
                          options={needStatuses.map((status) => ({
                            value: status,
                            label: t(`visits.needStatus.${status}`),
                          }))}
                        />,
                      ]
                    : [
                        <Tag key="status" color={statusColors[need.status]}>
                          {t(`visits.needStatus.${need.status}`)}
                        </Tag>,
                      ]
                }
              >
                <Space wrap size={4}>
                  <Tag>{t(`visits.needKind.${need.kind}`)}</Tag>
                  {need.description}
                </Space>
              </List.Item>
            )}
          />
        )}
      </QueryState>
      <VisitFormModal open={isRecording} householdId={householdId} onClose={() => setRecording(false)} />
      <VisitDrawer visitId={openVisitId} onClose={() => setOpenVisitId(undefined)} />
    </Space>
  );
}
