import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/api/disputes';
import type { DisputeStatus } from '../../../shared/disputes';

const colours: Record<DisputeStatus, string> = {
  registered: 'blue',
  mediating: 'processing',
  settled: 'success',
  escalated: 'warning',
  withdrawn: 'default',
};

/** A dispute's status, with where it was settled or sent: 已化解 · 村（社区）, 已上交 · 法院. */
export function DisputeStatusTag({ record }: { record: Pick<Dispute, 'status' | 'settledLevel' | 'escalatedTo'> }) {
  const { t } = useTranslation();
  const where =
    record.status === 'settled' && record.settledLevel
      ? ` · ${t(`disputes.level.${record.settledLevel}`)}`
      : record.status === 'escalated' && record.escalatedTo
        ? ` · ${t(`disputes.escalationTarget.${record.escalatedTo}`)}`
        : '';
  return (
    <Tag color={colours[record.status]} data-testid="dispute-status">
      {t(`disputes.status.${record.status}`)}
      {where}
    </Tag>
  );
}
