import { Card, Flex, Segmented, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditActions, systemActorOf, type AuditAction } from '../../shared/audit';
import { LoadMore, QueryState } from '../components/query-state';
import type { AuditEntry } from '../../shared/api/audit';
import { auditOutcomes, type AuditOutcome } from '../../shared/audit';
import { useAuditLog } from '../features/audit/audit-api';
import { formatDateTime } from '../i18n';

const outcomeColors: Record<AuditOutcome, string> = { success: 'green', denied: 'orange', failure: 'red' };
const allOutcomes = 'all';

function hasDetails(entry: AuditEntry): boolean {
  return (
    entry.details !== null &&
    entry.details !== undefined &&
    !(typeof entry.details === 'object' && Object.keys(entry.details).length === 0)
  );
}

/** Sign-ins happen before there is an actor; the name that was typed is in the details. */
function AnonymousActor({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const typedName = (entry.details as { username?: unknown } | null)?.username;
  return (
    <Typography.Text type="secondary">
      {typeof typedName === 'string' ? `${typedName} ` : ''}
      {t('audit.anonymous')}
    </Typography.Text>
  );
}

/** Who acted: an account's name, background work by its label (the name it was written with as a tooltip). */
function ActorName({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const system = systemActorOf(entry.actorUsername);
  if (system) {
    return (
      <Tooltip title={entry.actorUsername}>
        <Tag data-testid="audit-system-actor">{t(`audit.systemActors.${system}`)}</Tag>
      </Tooltip>
    );
  }
  return entry.actorUsername ?? <AnonymousActor entry={entry} />;
}

/** An action by its label; the code the server wrote is there for whoever needs it, as a tooltip. */
function ActionLabel({ action }: { action: AuditAction }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={action}>
      <span data-testid="audit-action">{t(`audit.actions.${action}`)}</span>
    </Tooltip>
  );
}

/** 审计日志: who did what, when, from where, and whether it was allowed. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<AuditOutcome | typeof allOutcomes>(allOutcomes);
  const [action, setAction] = useState<AuditAction | undefined>();
  const log = useAuditLog({ outcome: outcome === allOutcomes ? undefined : outcome, action });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at) },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_: unknown, entry) => <ActorName entry={entry} />,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (value: AuditAction) => <ActionLabel action={value} />,
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_: unknown, entry) =>
        entry.entityType ? (
          <Typography.Text>
            {t(`audit.entities.${entry.entityType}`)}
            {entry.entityId ? (
              // The tail: UUIDv7 ids start with a timestamp, so the heads of nearby ids look alike.
              <Typography.Text type="secondary" copyable={{ text: entry.entityId }}>
                {` …${entry.entityId.slice(-8)}`}
              </Typography.Text>
            ) : null}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      render: (value: AuditOutcome) => <Tag color={outcomeColors[value]}>{t(`outcome.${value}`)}</Tag>,
    },
    {
      title: t('audit.address'),
      dataIndex: 'address',
      render: (address: string | null) => address ?? t('common.none'),
    },
  ];

  return (
    <Card title={t('audit.title')}>
      <Flex className="table-toolbar" gap="small" wrap>
        <Segmented<AuditOutcome | typeof allOutcomes>
          value={outcome}
          onChange={(value) => setOutcome(value)}
          options={[
            { value: allOutcomes, label: t('common.all') },
            ...auditOutcomes.map((value) => ({ value, label: t(`outcome.${value}`) })),
          ]}
          data-testid="audit-outcome-filter"
        />
        <Select<AuditAction>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={action}
          onChange={setAction}
          placeholder={t('audit.allActions')}
          options={auditActions.map((value) => ({ value, label: t(`audit.actions.${value}`) }))}
          style={{ minWidth: 200 }}
          data-testid="audit-action-filter"
        />
      </Flex>
      <QueryState query={log}>
        {() => (
          <div data-testid="audit-table">
            <Table<AuditEntry>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={log.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              expandable={{
                rowExpandable: hasDetails,
                expandedRowRender: (entry) => (
                  <pre className="audit-details">{JSON.stringify(entry.details, null, 2)}</pre>
                ),
              }}
            />
            <LoadMore list={log} />
          </div>
        )}
      </QueryState>
    </Card>
  );
}
