import { Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseEventAction } from '../../../shared/cases';
import type { CaseTimelineEntry } from '../../../shared/api/cases';
import { formatDateTime } from '../../i18n';
import { isCaseEventAction, timelineActionLabel, timelineNote } from './case-messages';

// Escalations and returns are what a supervisor reads a history for.
const actionColors: Partial<Record<CaseEventAction, string>> = {
  escalate: 'red',
  overdue: 'red',
  warn: 'orange',
  urge: 'red',
  return: 'red',
  reopen: 'red',
  close: 'green',
  verify: 'green',
  comment: 'gray',
  revisit: 'gray',
};

/** What an entry's details add: to whom a case went, the rating given, the case it duplicates. */
function detailText(details: Record<string, unknown> | null): string | undefined {
  if (!details) return undefined;
  const parts = [details.assigneeName, details.claimedBy, details.duplicateOf, details.department].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** A case's history, oldest first: each action, who took it and when, what they wrote, and level changes. */
export function CaseTimeline({ entries }: { entries: CaseTimelineEntry[] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((entry) => {
        const action = isCaseEventAction(entry.action) ? entry.action : undefined;
        const rating = typeof entry.details?.rating === 'number' ? entry.details.rating : undefined;
        const extra = detailText(entry.details);
        const note = timelineNote(t, entry);
        // An urging's new deadline (the sweep's marks record the deadline that ran, which is no news).
        const newDeadline =
          entry.action === 'urge' && typeof entry.details?.deadline === 'string' ? entry.details.deadline : undefined;
        return {
          key: entry.id,
          color: (action && actionColors[action]) ?? 'blue',
          title: formatDateTime(entry.at),
          content: (
            <Space orientation="vertical" size={2} data-testid="case-timeline-entry">
              <Space size={4} wrap>
                <Typography.Text strong>{timelineActionLabel(t, entry.action)}</Typography.Text>
                {entry.actorName ? <Typography.Text type="secondary">{entry.actorName}</Typography.Text> : null}
                {entry.fromStatus && entry.fromStatus !== entry.toStatus ? (
                  <Tag>{t(`cases.status.${entry.toStatus}`)}</Tag>
                ) : null}
                {entry.fromLevel && entry.fromLevel !== entry.toLevel ? (
                  <Tag color="volcano">
                    {t('cases.detail.levelChange', {
                      from: t(`cases.level.${entry.fromLevel}`),
                      to: t(`cases.level.${entry.toLevel}`),
                    })}
                  </Tag>
                ) : null}
              </Space>
              {extra ? <Typography.Text type="secondary">{extra}</Typography.Text> : null}
              {newDeadline ? (
                <Typography.Text type="danger">
                  {t('cases.detail.newDeadline', { deadline: formatDateTime(newDeadline) })}
                </Typography.Text>
              ) : null}
              {rating !== undefined ? (
                <Typography.Text type="secondary">
                  {t('cases.field.rating')}: {'★'.repeat(rating)}
                </Typography.Text>
              ) : null}
              {note ? <Typography.Text className="case-description">{note}</Typography.Text> : null}
            </Space>
          ),
        };
      })}
    />
  );
}
