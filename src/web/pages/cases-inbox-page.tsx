import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { CaseQuery } from '../../shared/api/cases';
import { caseLevels, caseStatuses, handlingLevelOf, type CaseLevel, type CaseStatus } from '../../shared/cases';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { useCaseCategories } from '../features/cases/case-catalogue-api';
import { CaseList } from '../features/cases/case-list';
import { useCases } from '../features/cases/cases-api';
import type { CasesMessages } from '../i18n/cases.zh-CN';
import { useCan, useSignedInSession } from '../features/session/session-api';

type InboxView = keyof Pick<CasesMessages['inbox'], 'mine' | 'scope' | 'reportedToMe' | 'reportedByMe' | 'overdue'>;

// The view and the filters live in the address, so that the back button from a case returns to the same list.
const viewParameter = 'view';
const statusParameter = 'status';
const categoryParameter = 'category';
const levelParameter = 'level';
const numberParameter = 'number';

function isCaseStatus(value: string | null): value is CaseStatus {
  return caseStatuses.includes(value as CaseStatus);
}

function isCaseLevel(value: string | null): value is CaseLevel {
  return caseLevels.includes(value as CaseLevel);
}

/**
 * 案件办理: my to-do (every case whose next step is mine), everything in my area (with filters), what was reported
 * up to my level, my own reports, and what is overdue.
 */
export default function CasesInboxPage() {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSignedInSession();
  const categories = useCaseCategories();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const handlingLevel = handlingLevelOf(session.role);

  const views: InboxView[] = [
    'mine',
    'scope',
    ...(handlingLevel ? (['reportedToMe'] as const) : []),
    ...(can('case.report') ? (['reportedByMe'] as const) : []),
    'overdue',
  ];
  const chosenView = searchParams.get(viewParameter) as InboxView | null;
  const view: InboxView = chosenView && views.includes(chosenView) ? chosenView : 'mine';
  const status = searchParams.get(statusParameter);
  const level = searchParams.get(levelParameter);
  const category = searchParams.get(categoryParameter) ?? undefined;
  const number = searchParams.get(numberParameter) ?? undefined;

  const filters: Record<InboxView, CaseQuery> = {
    mine: { waitingForMe: true },
    scope: {
      number,
      status: isCaseStatus(status) ? [status] : undefined,
      category,
      level: isCaseLevel(level) ? level : undefined,
    },
    reportedToMe: { level: handlingLevel, status: ['reported', 'accepted'] },
    reportedByMe: { reportedByMe: true },
    overdue: { overdue: true },
  };
  const cases = useCases(filters[view]);

  const setParameter = (name: string, value: string | undefined) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: name !== viewParameter },
    );

  return (
    <PageCard
      title={t('cases.inbox.title')}
      actions={
        can('case.report') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => void navigate('/cases/new')}
            data-testid="report-case"
          >
            {t('cases.inbox.report')}
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={view}
        onChange={(key) => setParameter(viewParameter, key)}
        items={views.map((key) => ({
          key,
          label: <span data-testid={`inbox-view-${key}`}>{t(`cases.inbox.${key}`)}</span>,
        }))}
      />
      {view === 'scope' ? (
        <Flex wrap gap={8} className="table-toolbar cases-filters">
          <Input.Search
            allowClear
            className="cases-filter"
            placeholder={t('cases.inbox.number')}
            defaultValue={number}
            onSearch={(value) => setParameter(numberParameter, value.trim() || undefined)}
            data-testid="case-number-filter"
          />
          <Select<CaseStatus>
            allowClear
            className="cases-filter"
            placeholder={t('cases.inbox.allStatuses')}
            value={isCaseStatus(status) ? status : undefined}
            onChange={(value) => setParameter(statusParameter, value)}
            options={caseStatuses.map((value) => ({ value, label: t(`cases.status.${value}`) }))}
            data-testid="case-status-filter"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            className="cases-filter"
            placeholder={t('cases.inbox.allCategories')}
            value={category}
            onChange={(value) => setParameter(categoryParameter, value)}
            options={categories.categories.map((item) => ({ value: item.code, label: categories.nameOf(item.code) }))}
            data-testid="case-category-filter"
          />
          <Select<CaseLevel>
            allowClear
            className="cases-filter"
            placeholder={t('cases.inbox.allLevels')}
            value={isCaseLevel(level) ? level : undefined}
            onChange={(value) => setParameter(levelParameter, value)}
            options={caseLevels.map((value) => ({ value, label: t(`cases.level.${value}`) }))}
            data-testid="case-level-filter"
          />
        </Flex>
      ) : null}
      <QueryState query={cases}>
        {() => (
          <>
            <CaseList items={cases.items} isLoading={cases.isPlaceholderData} />
            <LoadMore list={cases} />
          </>
        )}
      </QueryState>
    </PageCard>
  );
}
