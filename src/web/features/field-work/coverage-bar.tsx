import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';

/** A coverage rate as a bar: green from 80 %, red under 40 %. */
export function CoverageBar({ rate, size }: { rate: number | null; size?: 'small' | 'default' }) {
  const { t } = useTranslation();
  if (rate === null) return <>{t('fieldWork.coverage.noHouseholds')}</>;
  const percent = Math.round(rate * 1000) / 10;
  const status = percent >= 80 ? 'success' : percent < 40 ? 'exception' : 'normal';
  return <Progress percent={percent} status={status} size={size} format={(value) => `${value ?? 0}%`} />;
}
