import type { ColumnOverrides, LedgerColumn } from '../../../../shared/api/registry-import';
import type { LedgerField } from '../../../../shared/registry';

function isOverridden(overrides: ColumnOverrides, column: LedgerColumn): boolean {
  return Object.hasOwn(overrides, String(column.index));
}

/**
 * The columns as the import will read them, by the server's rule: a field the user gives to a column is taken away
 * from the column it was detected in, so each field still comes from one column.
 */
export function applyOverrides(columns: LedgerColumn[], overrides: ColumnOverrides): LedgerColumn[] {
  const overriddenFields = new Set(
    columns.filter((column) => isOverridden(overrides, column)).map((column) => overrides[String(column.index)]),
  );
  return columns.map((column) => {
    if (isOverridden(overrides, column)) return { ...column, field: overrides[String(column.index)] ?? null };
    return overriddenFields.has(column.field) ? { ...column, field: null } : column;
  });
}

/** The overrides after the user sets one column's field; no other column the user set keeps that field. */
export function overrideColumn(
  overrides: ColumnOverrides,
  columnIndex: number,
  field: LedgerField | null,
): ColumnOverrides {
  const next: ColumnOverrides = {};
  for (const [index, overridden] of Object.entries(overrides)) {
    next[index] = field !== null && overridden === field ? null : overridden;
  }
  next[String(columnIndex)] = field;
  return next;
}

/** Whether two readings of the same sheet give every column the same field. */
export function isSameMapping(columns: LedgerColumn[], others: LedgerColumn[]): boolean {
  return columns.length === others.length && columns.every((column, index) => column.field === others[index]?.field);
}
