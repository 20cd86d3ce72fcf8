import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useCaseCounty } from '../features/cases/case-county';
import { useDisputeKinds, useSaveDisputeKind } from '../features/disputes/disputes-api';
import { KindSettings } from '../features/field-work/kind-settings';

/** 纠纷类型: the county's dispute kinds (邻里纠纷, 婚姻家庭 … and its own), kept by county staff. */
export default function DisputeKindsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const county = useCaseCounty();
  const kinds = useDisputeKinds(county);
  const save = useSaveDisputeKind(county.countyId);
  return (
    <KindSettings
      title={t('disputes.kinds.title')}
      query={kinds}
      kinds={kinds.data ?? []}
      onSave={save.mutateAsync}
      back={
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/disputes')}>
          {t('disputes.title')}
        </Button>
      }
      testId="dispute-kinds-page"
    />
  );
}
