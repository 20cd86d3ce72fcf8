import { ArrowLeftOutlined, CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { maskIdNumber } from '../../../../shared/id-number';
import { maskPhone } from '../../../../shared/phone';
import { relations, residenceTypes, sexes } from '../../../../shared/registry';
import { describeRegistryError } from '../registry-errors';
import { useTagCatalog } from '../tags-api';
import { useRegistryTranslation } from '../use-registry-translation';
import { applyOverrides, isSameMapping, overrideColumn } from './column-mapping';
import type {
  ColumnOverrides,
  LedgerColumn,
  LedgerPreview,
  LedgerSampleRow,
} from '../../../../shared/api/registry-import';
import { ledgerFields, type LedgerField } from '../../../../shared/registry';
import { useRecheckLedger, useStartImport } from './ledger-api';
import { ProblemTable } from './problem-table';

const ignoredColumn = '';

function isOneOf<Value extends string>(values: readonly Value[], value: unknown): value is Value {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** How one value of a sample row reads: coded values translated, identity numbers masked like everywhere else. */
function useSampleText() {
  const { t } = useRegistryTranslation();
  const catalog = useTagCatalog();
  const none = t('common.none');
  return (field: LedgerField, value: unknown): string => {
    if (value === null || value === undefined || value === '') return none;
    if (field === 'idNumber' && typeof value === 'string') return maskIdNumber(value);
    if (field === 'phone' && typeof value === 'string') return maskPhone(value);
    if (field === 'sex' && isOneOf(sexes, value)) return t(`registry.sex.${value}`);
    if (field === 'residenceType' && isOneOf(residenceTypes, value)) return t(`registry.residenceType.${value}`);
    if (field === 'relationToHead' && isOneOf(relations, value)) return t(`registry.relation.${value}`);
    if (field === 'isPartyMember' && typeof value === 'boolean')
      return value ? t('registry.answer.yes') : t('registry.answer.no');
    if (field === 'tags' && Array.isArray(value))
      return value.map((code) => catalog.nameOf(String(code))).join('、') || none;
    return String(value);
  };
}

function SampleTable({ sample, columns }: { sample: LedgerSampleRow[]; columns: LedgerColumn[] }) {
  const { t } = useRegistryTranslation();
  const sampleText = useSampleText();
  // The fields the sheet has, in the template's order.
  const fields = ledgerFields.filter((field) => columns.some((column) => column.field === field));
  const tableColumns: TableColumnsType<LedgerSampleRow> = [
    { title: t('registry.import.row'), dataIndex: 'rowNumber', fixed: 'start', width: 72 },
    ...fields.map((field) => ({
      title: t(`registry.ledgerField.${field}`),
      key: field,
      render: (_: unknown, record: LedgerSampleRow) => sampleText(field, record[field]),
    })),
  ];
  return (
    <Table<LedgerSampleRow>
      size="small"
      rowKey={(record) => String(record.rowNumber)}
      columns={tableColumns}
      dataSource={sample}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="import-sample"
    />
  );
}

function ColumnTable({
  preview,
  overrides,
  onOverride,
}: {
  preview: LedgerPreview;
  overrides: ColumnOverrides;
  onOverride: (columnIndex: number, field: LedgerField | null) => void;
}) {
  const { t } = useRegistryTranslation();
  const effective = applyOverrides(preview.columns, overrides);
  const detectedFieldOf = new Map(preview.columns.map((column) => [column.index, column.field]));
  const fieldOptions = [
    { value: ignoredColumn, label: t('registry.import.ignoreColumn') },
    ...ledgerFields.map((field) => ({ value: field, label: t(`registry.ledgerField.${field}`) })),
  ];
  const columns: TableColumnsType<LedgerColumn> = [
    {
      title: t('registry.import.sheetHeader'),
      dataIndex: 'header',
      render: (header: string) =>
        header || <Typography.Text type="secondary">{t('registry.import.noHeader')}</Typography.Text>,
    },
    {
      title: t('registry.import.field'),
      key: 'field',
      render: (_: unknown, column) => (
        <Space size={4}>
          <Select<string>
            className="registry-field-select"
            value={column.field ?? ignoredColumn}
            onChange={(value) => onOverride(column.index, isOneOf(ledgerFields, value) ? value : null)}
            options={fieldOptions}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            data-testid={`import-column-${column.index}`}
          />
          {column.field !== detectedFieldOf.get(column.index) ? (
            <Tag color="blue">{t('registry.import.changed')}</Tag>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Table<LedgerColumn>
      size="small"
      rowKey="index"
      columns={columns}
      dataSource={effective}
      pagination={false}
      data-testid="import-columns"
    />
  );
}

/**
 * Step 2: the columns as detected (each can be changed or ignored), the counts, the first problems and a sample.
 * A changed mapping is checked again on the server, so the problems shown are the ones the import will find.
 */
export function MappingStep({
  preview,
  fileName,
  onBack,
  onStarted,
}: {
  preview: LedgerPreview;
  fileName: string;
  onBack: () => void;
  onStarted: (importId: string) => void;
}) {
  const { t } = useRegistryTranslation();
  const [overrides, setOverrides] = useState<ColumnOverrides>({});
  const startImport = useStartImport();
  const recheck = useRecheckLedger();
  const [rechecked, setRechecked] = useState<LedgerPreview>();
  const isChanged = Object.keys(overrides).length > 0;
  const effective = applyOverrides(preview.columns, overrides);
  // The figures shown: the upload's own check, then the last re-check; current while their mapping is the user's.
  const checked = rechecked ?? preview;
  const isChecked = isSameMapping(effective, checked.columns);
  const hasNameColumn = effective.some((column) => column.field === 'name');
  const startError = startImport.isError ? describeRegistryError(startImport.error) : undefined;
  const recheckError = recheck.isError ? describeRegistryError(recheck.error) : undefined;

  const start = () =>
    startImport.mutate(
      { uploadId: preview.uploadId, overrides: isChanged ? overrides : undefined },
      { onSuccess: (started) => onStarted(started.importId) },
    );

  return (
    <div data-testid="import-preview">
      <Space orientation="vertical" size={16} className="full-width">
        <Typography.Text>{t('registry.import.headerRow', { fileName, row: preview.headerRowNumber })}</Typography.Text>
        <Row gutter={[16, 16]}>
          <Col xs={8}>
            <Statistic title={t('registry.import.totalRows')} value={checked.totalRows} />
          </Col>
          <Col xs={8}>
            <Statistic title={t('registry.import.validRows')} value={checked.validRows} />
          </Col>
          <Col xs={8}>
            <Statistic title={t('registry.import.errorRows')} value={checked.errorRows} />
          </Col>
        </Row>
        <Typography.Title level={5} className="registry-section-title">
          {t('registry.import.columnsTitle')}
        </Typography.Title>
        <ColumnTable
          preview={preview}
          overrides={overrides}
          onOverride={(columnIndex, field) => setOverrides((current) => overrideColumn(current, columnIndex, field))}
        />
        {isChecked ? null : (
          <Alert
            type="info"
            showIcon
            title={t('registry.import.mappingChanged')}
            action={
              <Button
                size="small"
                icon={<ReloadOutlined />}
                loading={recheck.isPending}
                onClick={() => recheck.mutate({ uploadId: preview.uploadId, overrides }, { onSuccess: setRechecked })}
                data-testid="import-recheck"
              >
                {t('registry.import.recheck')}
              </Button>
            }
            data-testid="import-mapping-changed"
          />
        )}
        {isChecked && isChanged ? <Alert type="success" showIcon title={t('registry.import.rechecked')} /> : null}
        {recheckError ? (
          <Alert type="error" showIcon title={recheckError.title} description={recheckError.detail} />
        ) : null}
        {hasNameColumn ? null : <Alert type="error" showIcon title={t('registry.import.nameColumnMissing')} />}
        {checked.problems.length > 0 ? (
          <>
            <Typography.Title level={5} className="registry-section-title">
              {t('registry.import.problemsTitle')}
            </Typography.Title>
            {checked.problemCount > checked.problems.length ? (
              <Typography.Text type="secondary">
                {t('registry.import.problemsTruncated', {
                  shown: checked.problems.length,
                  count: checked.problemCount,
                })}
              </Typography.Text>
            ) : null}
            <ProblemTable problems={checked.problems} testId="import-problems" />
          </>
        ) : null}
        {checked.sample.length > 0 ? (
          <>
            <Typography.Title level={5} className="registry-section-title">
              {t('registry.import.sampleTitle')}
            </Typography.Title>
            <SampleTable sample={checked.sample} columns={checked.columns} />
          </>
        ) : null}
        <Alert type="warning" showIcon title={t('registry.import.allOrNothing')} />
        {startError ? <Alert type="error" showIcon title={startError.title} description={startError.detail} /> : null}
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
            {t('registry.import.chooseAnother')}
          </Button>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            loading={startImport.isPending}
            disabled={!hasNameColumn}
            onClick={start}
            data-testid="import-start"
          >
            {t('registry.import.start')}
          </Button>
        </Space>
      </Space>
    </div>
  );
}
