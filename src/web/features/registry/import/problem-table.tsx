import { Table } from 'antd';
import { describeLedgerProblem } from '../../../../shared/ledger-problems';
import { useRegistryTranslation } from '../use-registry-translation';
import type { LedgerProblem } from '../../../../shared/api/registry-import';

/** Problems of a ledger by row and column, ten to a page. */
export function ProblemTable({ problems, testId }: { problems: LedgerProblem[]; testId: string }) {
  const { t, i18n } = useRegistryTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <Table<LedgerProblem>
      size="small"
      rowKey={(problem) => `${problem.row}-${problem.column}-${problem.code}-${JSON.stringify(problem.params)}`}
      dataSource={problems}
      pagination={problems.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('registry.import.row'), dataIndex: 'row', width: 72 },
        { title: t('registry.import.column'), dataIndex: 'column', width: 140 },
        {
          title: t('registry.import.problem'),
          key: 'problem',
          render: (_: unknown, problem: LedgerProblem) => describeLedgerProblem(problem, language),
        },
      ]}
      data-testid={testId}
    />
  );
}
