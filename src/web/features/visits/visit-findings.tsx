import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Visit } from '../../../shared/api/visits';

/**
 * A visit's findings, or "（内容已隐藏）" where the server withheld them (a 低保 or epidemic check read by a role
 * without sensitive.read), so the reader knows something was written but not what.
 */
export function VisitFindings({
  visit,
  empty = null,
}: {
  visit: Pick<Visit, 'findings' | 'isFindingsHidden'>;
  /** What shows when nothing was written. */
  empty?: React.ReactNode;
}) {
  const { t } = useTranslation();
  if (visit.isFindingsHidden) {
    return (
      <Typography.Text type="secondary" data-testid="findings-hidden">
        {t('visits.findingsHidden')}
      </Typography.Text>
    );
  }
  return visit.findings ? <Typography.Text>{visit.findings}</Typography.Text> : empty;
}
