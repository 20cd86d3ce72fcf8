import { Empty, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { RecordCard } from '../../components/record-card';
import { useIsPhone } from '../../components/use-is-phone';

type RecordListProps<Record> = {
  items: Record[];
  columns: TableColumnsType<Record>;
  /** A phone shows each record as a card with this content instead of a table row. */
  renderCard: (record: Record) => ReactNode;
  rowKey: keyof Record & string;
  onOpen?: (record: Record) => void;
  emptyText: ReactNode;
  isLoading?: boolean;
  testId: string;
};

/** A table on a desktop and a column of cards on a phone (390 px leaves no room for eight columns). */
export function RecordList<Record extends object>({
  items,
  columns,
  renderCard,
  rowKey,
  onOpen,
  emptyText,
  isLoading = false,
  testId,
}: RecordListProps<Record>) {
  const isPhone = useIsPhone();

  if (isPhone) {
    return (
      <div className="registry-cards" data-testid={testId}>
        {items.length === 0 && !isLoading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
        ) : null}
        {items.map((record) => (
          <RecordCard key={String(record[rowKey])} onOpen={onOpen && (() => onOpen(record))} role="button">
            {renderCard(record)}
          </RecordCard>
        ))}
      </div>
    );
  }

  return (
    <div data-testid={testId}>
      <Table<Record>
        rowKey={rowKey}
        size="middle"
        columns={columns}
        dataSource={items}
        loading={isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText }}
        rowClassName={onOpen ? 'registry-clickable-row' : undefined}
        onRow={onOpen ? (record) => ({ onClick: () => onOpen(record) }) : undefined}
      />
    </div>
  );
}
