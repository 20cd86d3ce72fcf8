import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { VisitPurpose } from '../../shared/api/visits';
import { alwaysSensitiveVisitPurposes, defaultVisitPurposes } from '../../shared/visits';
import { useCaseCounty } from '../features/cases/case-county';
import { KindSettings, type KindInput, type KindRow } from '../features/field-work/kind-settings';
import { useSaveVisitPurposes, useVisitPurposes } from '../features/visits/visits-api';

const defaultCodes = new Set<string>(defaultVisitPurposes.map((purpose) => purpose.code));

function rowOf(purpose: VisitPurpose): KindRow {
  return {
    code: purpose.code,
    nameZh: purpose.zh,
    nameEn: purpose.en,
    isActive: purpose.isActive,
    isDefault: defaultCodes.has(purpose.code),
    isSensitive: purpose.isSensitive,
    isAlwaysSensitive: alwaysSensitiveVisitPurposes.includes(purpose.code),
  };
}

/**
 * 走访事由: the county's visit purposes (日常走访, 低保核查 … and its own), renamed, retired, added, and marked sensitive
 * where their findings describe a household's means or health. The server keeps the list whole, so a change to one
 * purpose saves the list with it.
 */
export default function VisitPurposesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const county = useCaseCounty();
  const purposes = useVisitPurposes(county);
  const save = useSaveVisitPurposes(county.countyId);
  const saveOne = (input: KindInput) => {
    const changed = {
      code: input.code,
      zh: input.nameZh,
      en: input.nameEn,
      isActive: input.isActive,
      isSensitive: input.isSensitive ?? false,
    };
    const isNew = !purposes.purposes.some((purpose) => purpose.code === input.code);
    const items = isNew
      ? [...purposes.purposes, changed]
      : purposes.purposes.map((purpose) => (purpose.code === input.code ? changed : purpose));
    return save.mutateAsync(items);
  };
  return (
    <KindSettings
      title={t('visits.purposes')}
      query={purposes}
      kinds={purposes.purposes.map(rowOf)}
      onSave={saveOne}
      hasSensitivity
      back={
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/visits')}>
          {t('visits.title')}
        </Button>
      }
      testId="visit-purposes-page"
    />
  );
}
