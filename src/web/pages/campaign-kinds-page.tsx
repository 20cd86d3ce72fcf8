import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useCampaignKindSettings, useSaveCampaignKind } from '../features/campaigns/campaigns-api';
import { useCaseCounty } from '../features/cases/case-county';
import { KindSettings } from '../features/field-work/kind-settings';

/** 活动类型: the county's kinds of campaign (我当一天网格员, 敲门行动 … and its own), kept by county staff. */
export default function CampaignKindsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { countyId, isReady } = useCaseCounty();
  const kinds = useCampaignKindSettings(countyId, isReady);
  const save = useSaveCampaignKind(countyId);
  return (
    <KindSettings
      title={t('campaigns.kinds.title')}
      query={kinds}
      kinds={(kinds.data ?? []).map(({ name, ...kind }) => ({ ...kind, nameZh: name.zh, nameEn: name.en }))}
      onSave={save.mutateAsync}
      back={
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/campaigns')}>
          {t('campaigns.title')}
        </Button>
      }
      testId="campaign-kinds-page"
    />
  );
}
