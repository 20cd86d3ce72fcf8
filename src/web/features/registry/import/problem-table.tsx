import { Table } from 'antd';
import { useRegistryTranslation } from '../use-registry-translation';
import type { LedgerProblem } from './ledger-api';

/** Problems of a ledger by row and column, ten to a page. */
export function ProblemTable({ problems, testId }: { problems: LedgerProblem[]; testId: string }) {
  const { t } = useRegistryTranslation();
  return (
    <Table<LedgerProblem>
      size="small"
      rowKey={(problem) => `${problem.row}-${problem.column}-${problem.problem}`}
      dataSource={problems}
      pagination={problems.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('registry.import.row'), dataIndex: 'row', width: 72 },
        { title: t('registry.import.column'), dataIndex: 'column', width: 140 },
        { title: t('registry.import.problem'), dataIndex: 'problem' },
      ]}
      data-testid={testId}
    />
  );
}
