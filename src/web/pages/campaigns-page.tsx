import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { CampaignSummary } from '../../shared/api/campaigns';
import type { CampaignStatus } from '../../shared/campaigns';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import { CampaignFormModal } from '../features/campaigns/campaign-form-modal';
import { useCampaigns } from '../features/campaigns/campaigns-api';
import { useCan } from '../features/session/session-api';

const tabs: CampaignStatus[] = ['running', 'planned', 'finished', 'cancelled'];
export const campaignStatusColours: Record<CampaignStatus, string> = {
  running: 'green',
  planned: 'blue',
  finished: 'default',
  cancelled: 'red',
};

/** 活动: the campaigns of the user's area, running first; a new one for those who may start one. */
export default function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [status, setStatus] = useState<CampaignStatus>('running');
  const [isCreating, setCreating] = useState(false);
  const campaigns = useCampaigns(status);
  const kindName = (campaign: CampaignSummary) =>
    campaign.kindName ? (i18n.language === 'en' ? campaign.kindName.en : campaign.kindName.zh) : campaign.kind;
  return (
    <PageCard
      title={t('campaigns.title')}
      testId="campaigns-page"
      actions={
        <>
          {can('campaign.configure') ? (
            <Button
              icon={<SettingOutlined />}
              onClick={() => void navigate('/campaigns/kinds')}
              data-testid="campaign-kinds"
            >
              {t('campaigns.kinds.open')}
            </Button>
          ) : null}
          {can('campaign.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-new">
              {t('campaigns.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Segmented<CampaignStatus>
          value={status}
          onChange={setStatus}
          options={tabs.map((tab) => ({ value: tab, label: t(`campaigns.tabs.${tab}`) }))}
        />
        <QueryState query={campaigns}>
          {() =>
            isPhone ? (
              <List
                dataSource={campaigns.data?.items ?? []}
                locale={{ emptyText: t('campaigns.empty') }}
                renderItem={(campaign) => (
                  <List.Item>
                    <List.Item.Meta
                      title={<Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>}
                      description={`${kindName(campaign)} · ${campaign.startDate} ~ ${campaign.endDate}`}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Table<CampaignSummary>
                rowKey="id"
                dataSource={campaigns.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: t('campaigns.empty') }}
                columns={[
                  {
                    title: t('campaigns.column.name'),
                    render: (_, campaign) => <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>,
                  },
                  { title: t('campaigns.column.kind'), render: (_, campaign) => kindName(campaign) },
                  {
                    title: t('campaigns.column.period'),
                    render: (_, campaign) => `${campaign.startDate} ~ ${campaign.endDate}`,
                  },
                  {
                    title: t('campaigns.column.regions'),
                    render: (_, campaign) => (
                      <Typography.Text ellipsis style={{ maxWidth: 280 }}>
                        {campaign.regions.map((region) => region.name).join('、')}
                      </Typography.Text>
                    ),
                  },
                  {
                    title: t('campaigns.column.status'),
                    render: (_, campaign) => (
                      <Tag color={campaignStatusColours[campaign.status]}>
                        {t(`campaigns.status.${campaign.status}`)}
                      </Tag>
                    ),
                  },
                ]}
              />
            )
          }
        </QueryState>
      </Space>
      <CampaignFormModal open={isCreating} onClose={() => setCreating(false)} />
    </PageCard>
  );
}
