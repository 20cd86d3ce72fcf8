import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCampaigns } from './campaigns-api';

type CampaignSelectProps = {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Campaigns covering some of this region's subtree (the household's grid); all running ones in scope if not given. */
  regionId?: string | undefined;
};

/**
 * "Under campaign X" for a visit or report form: the running campaigns covering the place, by name. For the visits
 * form (and the quick report): `<Form.Item name="campaignId"><CampaignSelect regionId={gridId} /></Form.Item>`.
 */
export function CampaignSelect({ value, onChange, regionId }: CampaignSelectProps) {
  const { t, i18n } = useTranslation();
  const campaigns = useCampaigns('running', regionId);
  const isEnglish = i18n.language === 'en';
  const options = (campaigns.data?.items ?? []).map((campaign) => ({
    value: campaign.id,
    label: campaign.kindName
      ? `${campaign.name} · ${isEnglish ? campaign.kindName.en : campaign.kindName.zh}`
      : campaign.name,
  }));
  return (
    <Select<string>
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      allowClear
      loading={campaigns.isFetching}
      placeholder={t('campaigns.select.placeholder')}
      notFoundContent={campaigns.isFetching ? null : t('campaigns.select.none')}
      options={options}
      popupMatchSelectWidth={false}
      data-testid="campaign-select"
    />
  );
}
