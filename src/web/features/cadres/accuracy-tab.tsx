import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccuracyCheck, AccuracyResult, CheckedField } from '../../../shared/api/cadre-accuracy';
import { addDays, chinaToday } from '../../../shared/clock';
import { FormModal } from '../../components/form-modal';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n';
import { useCan } from '../session/session-api';
import {
  useAccuracyCheck,
  useAccuracySample,
  useAccuracySamples,
  useDrawSample,
  useRecordCheck,
  type CheckInput,
} from './accuracy-api';
import { RegionPicker } from './cadre-register-modal';

/** The console imports the API contract as types only: the fields are listed again, checked against it. */
const checkedFields: readonly CheckedField[] = [
  'name',
  'sex',
  'idNumber',
  'phone',
  'birthDate',
  'ethnicity',
  'residenceType',
  'address',
  'members',
  'other',
];
const resultColour: Record<AccuracyResult, string> = { pending: 'default', match: 'green', mismatch: 'red' };

/** The village draws a sample of a period: the last thirty days unless it picks others. */
function DrawForm() {
  const { t } = useTranslation();
  const draw = useDrawSample();
  const [regionId, setRegionId] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs(addDays(chinaToday(), -29)), dayjs(chinaToday())]);
  return (
    <Flex wrap gap={8} align="center">
      <div style={{ minWidth: 200, flex: '1 1 200px' }}>
        <RegionPicker level="village" value={regionId} onChange={setRegionId} testId="accuracy-region" />
      </div>
      <DatePicker.RangePicker
        value={period}
        allowClear={false}
        onChange={(value) => value?.[0] && value[1] && setPeriod([value[0], value[1]])}
        data-testid="accuracy-period"
      />
      <Button
        type="primary"
        disabled={regionId === undefined}
        loading={draw.isPending}
        data-testid="accuracy-draw"
        onClick={() =>
          regionId &&
          draw.mutate({ regionId, from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') })
        }
      >
        {t('cadreAccuracy.draw')}
      </Button>
    </Flex>
  );
}

/** One sampled entry as the registry shows it (masked there), with the form recording the re-check. */
function CheckModal({ check, onClose }: { check: AccuracyCheck | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const view = useAccuracyCheck(check?.id);
  const record = useRecordCheck();
  const person = view.data?.person;
  const household = view.data?.household;
  return (
    <FormModal<CheckInput>
      title={t('cadreAccuracy.checkTitle', { cadre: check?.cadre.name ?? '' })}
      open={check !== undefined}
      initialValues={{ result: 'match', wrongFields: [], note: '' }}
      onSubmit={async (values) => {
        await record.mutateAsync({ id: check!.id, ...values, wrongFields: values.wrongFields ?? [] });
      }}
      onClose={onClose}
      testId="accuracy-check-modal"
    >
      <QueryState query={view}>
        {() => (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="accuracy-entry">
            {person && (
              <>
                <Descriptions.Item label={t('cadreAccuracy.fields.name')}>{person.name}</Descriptions.Item>
                <Descriptions.Item label={t('cadreAccuracy.fields.sex')}>
                  {person.sex ? t(`registry.sex.${person.sex}`) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('cadreAccuracy.fields.idNumber')}>
                  {person.idNumber ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('cadreAccuracy.fields.phone')}>{person.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('cadreAccuracy.fields.address')}>
                  {person.householdAddress ?? person.regionName}
                </Descriptions.Item>
              </>
            )}
            {household && (
              <>
                <Descriptions.Item label={t('cadreAccuracy.fields.address')}>{household.address}</Descriptions.Item>
                <Descriptions.Item label={t('cadreAccuracy.fields.members')}>{household.memberCount}</Descriptions.Item>
                <Descriptions.Item label={t('cadreAccuracy.head')}>{household.headName ?? '—'}</Descriptions.Item>
              </>
            )}
          </Descriptions>
        )}
      </QueryState>
      <Form.Item name="result" label={t('cadreAccuracy.result')}>
        <Radio.Group data-testid="accuracy-result">
          <Radio.Button value="match">{t('cadreAccuracy.results.match')}</Radio.Button>
          <Radio.Button value="mismatch">{t('cadreAccuracy.results.mismatch')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle dependencies={['result']}>
        {({ getFieldValue }) =>
          getFieldValue('result') === 'mismatch' && (
            <Form.Item
              name="wrongFields"
              label={t('cadreAccuracy.wrongFields')}
              rules={[{ required: true, type: 'array', min: 1, message: t('cadreAccuracy.wrongFieldsRequired') }]}
            >
              <Checkbox.Group
                data-testid="accuracy-wrong-fields"
                options={checkedFields.map((field) => ({ value: field, label: t(`cadreAccuracy.fields.${field}`) }))}
              />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="note" label={t('cadreAccuracy.note')}>
        <Input.TextArea maxLength={500} rows={2} data-testid="accuracy-note" />
      </Form.Item>
    </FormModal>
  );
}

/** A sample's entries to go through, and each cadre's results so far. */
function SampleDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const sample = useAccuracySample(id);
  const [checking, setChecking] = useState<AccuracyCheck>();
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      title={t('cadreAccuracy.sampleTitle')}
      size="large"
      styles={{ wrapper: { maxWidth: '100vw' } }}
      data-testid="accuracy-sample"
    >
      <QueryState query={sample}>
        {() => {
          const data = sample.data;
          if (!data) return null;
          const byCadre = new Map<string, { name: string; checked: number; mismatched: number; total: number }>();
          for (const check of data.checks) {
            const row = byCadre.get(check.cadre.id) ?? { name: check.cadre.name, checked: 0, mismatched: 0, total: 0 };
            row.total += 1;
            if (check.result !== 'pending') row.checked += 1;
            if (check.result === 'mismatch') row.mismatched += 1;
            byCadre.set(check.cadre.id, row);
          }
          return (
            <Flex vertical gap={16}>
              <Typography.Text type="secondary">
                {t('cadreAccuracy.drawnLine', {
                  region: data.region.name,
                  from: data.from,
                  to: data.to,
                  share: data.sharePercent,
                  minimum: data.minimumCount,
                  seed: data.seed,
                })}
              </Typography.Text>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                scroll={{ x: 'max-content' }}
                data-testid="accuracy-by-cadre"
                dataSource={[...byCadre].map(([cadreId, row]) => ({ id: cadreId, ...row }))}
                columns={[
                  { title: t('cadreAccuracy.cadre'), dataIndex: 'name' },
                  { title: t('cadreAccuracy.sampled'), dataIndex: 'total' },
                  { title: t('cadres.evaluation.countNames.checked'), dataIndex: 'checked' },
                  { title: t('cadres.evaluation.countNames.mismatched'), dataIndex: 'mismatched' },
                ]}
              />
              {data.checks.length === 0 ? (
                <Empty description={t('cadreAccuracy.noEntries')} />
              ) : (
                data.checks.map((check) => (
                  <Card key={check.id} size="small" className="record-card" data-testid="accuracy-check">
                    <Flex justify="space-between" align="center" wrap gap={8}>
                      <Space wrap>
                        <Typography.Text strong>{check.cadre.name}</Typography.Text>
                        <Tag>{t(`cadreAccuracy.entityTypes.${check.entityType}`)}</Tag>
                        <Typography.Text type="secondary">{formatDateTime(check.collectedAt)}</Typography.Text>
                      </Space>
                      {check.result === 'pending' ? (
                        <Button size="small" onClick={() => setChecking(check)} data-testid="accuracy-check-open">
                          {t('cadreAccuracy.check')}
                        </Button>
                      ) : (
                        <Tag color={resultColour[check.result]} data-testid="accuracy-check-result">
                          {t(`cadreAccuracy.results.${check.result}`)}
                        </Tag>
                      )}
                    </Flex>
                    {check.wrongFields.length > 0 && (
                      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                        {check.wrongFields.map((field) => t(`cadreAccuracy.fields.${field}`)).join('、')}
                        {check.note && ` — ${check.note}`}
                      </Typography.Paragraph>
                    )}
                  </Card>
                ))
              )}
            </Flex>
          );
        }}
      </QueryState>
      <CheckModal check={checking} onClose={() => setChecking(undefined)} />
    </Drawer>
  );
}

/** 信息核查: draw a sample of the entries cadres collected, go through them, see each cadre's results. */
export function AccuracyTab() {
  const { t } = useTranslation();
  const can = useCan();
  const samples = useAccuracySamples();
  const [openId, setOpenId] = useState<string>();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('cadreAccuracy.intro')}</Typography.Paragraph>
      {can('cadre.manage') && <DrawForm />}
      <QueryState query={samples}>
        {() =>
          !samples.data || samples.data.items.length === 0 ? (
            <Empty description={t('cadreAccuracy.empty')} />
          ) : (
            <Flex vertical gap={8} data-testid="accuracy-samples">
              {samples.data.items.map((item) => (
                <Card
                  key={item.id}
                  size="small"
                  className="record-card"
                  hoverable
                  onClick={() => setOpenId(item.id)}
                  data-testid="accuracy-sample-card"
                >
                  <Typography.Text strong>{item.region.name}</Typography.Text>{' '}
                  <Typography.Text>
                    {item.from} – {item.to}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {t('cadreAccuracy.drawnAt', { at: formatDateTime(item.drawnAt) })}
                  </Typography.Text>
                </Card>
              ))}
            </Flex>
          )
        }
      </QueryState>
      <SampleDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </Space>
  );
}
