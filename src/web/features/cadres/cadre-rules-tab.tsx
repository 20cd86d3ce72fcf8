import { Alert, App, Button, Card, Checkbox, Flex, Form, InputNumber, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccuracyRules } from '../../../shared/api/cadre-accuracy';
import type { EvaluationRules, GridMemberWeights, ServiceDays, TimeSplitRule } from '../../../shared/api/cadres';
import { evaluationIndicators } from '../../../shared/cadres';
import { isApiError } from '../../api/client';
import { errorText } from '../../api/errors';
import { QueryState } from '../../components/query-state';
import { CaseCountyPicker, useCaseCounty } from '../cases/case-county';
import { useCan } from '../session/session-api';
import { useCountyRule, useSaveCountyRule, type CountyRulePath } from './cadres-api';

const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * A refusal in the server's own words: it answers in the page's language and names the rule a value broke, which
 * the form's own checks should have caught (a rule changed on the server, a county chosen meanwhile).
 */
function refusalText(error: unknown): string {
  return isApiError(error) && error.status >= 400 && error.status < 500 ? error.message : errorText(error);
}

/** A whole number in a range, required: the server's `z.number().int().min().max()`. */
function wholeNumber(min: number, max: number, message: string): Rule {
  return { required: true, type: 'integer', min, max, message };
}

/** The form's weights, as typed so far (a field being cleared is null). */
type TypedWeights = Partial<Record<keyof EvaluationRules['weights'], number | null>> | undefined;

function totalOf(weights: TypedWeights): number {
  return Object.values(weights ?? {}).reduce<number>((sum, weight) => sum + (weight ?? 0), 0);
}

/** The running total under the weights; Form.Item hands it a value it has no use for. */
function WeightsTotal(_props: { value?: unknown }) {
  const { t } = useTranslation();
  const total = totalOf(Form.useWatch('weights', Form.useFormInstance()) as TypedWeights);
  return (
    <Typography.Text type={total === 100 ? 'secondary' : 'danger'} data-testid="weights-total">
      {t('cadreRules.evaluation.total', { total })}
    </Typography.Text>
  );
}

/** The five indicators' weights, adding up to 100 as the server requires, with the total as the user types. */
function WeightFields() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{t('cadreRules.evaluation.weights')}</Typography.Text>
      <Flex wrap gap={8}>
        {evaluationIndicators.map((indicator) => (
          <Form.Item
            key={indicator}
            name={['weights', indicator]}
            label={t(`cadres.evaluation.indicators.${indicator}`)}
            rules={[wholeNumber(0, 100, t('cadreRules.evaluation.weightRange'))]}
            className="cadre-rule-number"
          >
            <InputNumber data-testid={`weight-${indicator}`} />
          </Form.Item>
        ))}
      </Flex>
      <Form.Item
        name="weightsTotal"
        dependencies={evaluationIndicators.map((indicator) => ['weights', indicator])}
        rules={[
          ({ getFieldValue }) => ({
            validator: () => {
              const total = totalOf(getFieldValue('weights') as TypedWeights);
              return total === 100
                ? Promise.resolve()
                : Promise.reject(new Error(t('cadreRules.evaluation.weightsSum', { total })));
            },
          }),
        ]}
      >
        <WeightsTotal />
      </Form.Item>
    </>
  );
}

/** Each grade's lowest total, falling from 优秀 to 一般 as the server requires. */
function ThresholdFields() {
  const { t } = useTranslation();
  const range: Rule = {
    required: true,
    type: 'number',
    min: 0,
    max: 100,
    message: t('cadreRules.evaluation.thresholdRange'),
  };
  return (
    <>
      <Typography.Text strong>{t('cadreRules.evaluation.thresholds')}</Typography.Text>
      <Flex wrap gap={8}>
        <Form.Item
          name={['thresholds', 'excellent']}
          label={t('cadres.grades.excellent')}
          rules={[range]}
          className="cadre-rule-number"
        >
          <InputNumber data-testid="threshold-excellent" />
        </Form.Item>
        <Form.Item
          name={['thresholds', 'good']}
          label={t('cadres.grades.good')}
          dependencies={[['thresholds', 'excellent']]}
          rules={[range, fallsBelow('excellent', t('cadreRules.evaluation.goodBelowExcellent'))]}
          className="cadre-rule-number"
        >
          <InputNumber data-testid="threshold-good" />
        </Form.Item>
        <Form.Item
          name={['thresholds', 'fair']}
          label={t('cadres.grades.fair')}
          dependencies={[['thresholds', 'good']]}
          rules={[range, fallsBelow('good', t('cadreRules.evaluation.fairBelowGood'))]}
          className="cadre-rule-number"
        >
          <InputNumber data-testid="threshold-fair" />
        </Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary">{t('cadreRules.evaluation.poorHint')}</Typography.Paragraph>
    </>
  );
}

/** A grade's lowest total must be below the grade above it (checked once both are numbers). */
function fallsBelow(above: 'excellent' | 'good', message: string): Rule {
  return ({ getFieldValue }) => ({
    validator: (_rule, value: number | null | undefined) => {
      const limit = getFieldValue(['thresholds', above]) as number | null | undefined;
      return typeof value !== 'number' || typeof limit !== 'number' || value < limit
        ? Promise.resolve()
        : Promise.reject(new Error(message));
    },
  });
}

/**
 * One rule of the county: its current values in a form, saved whole to its own address. Read-only (no save) for an
 * account that may read the rules and not set them, as the attendance and evaluation show them to it too.
 */
function RuleCard<Value extends object>({
  path,
  title,
  hint,
  testId,
  toBody,
  children,
}: {
  path: CountyRulePath;
  title: string;
  hint?: string;
  testId: string;
  /** What the endpoint takes of the form's values (the weights' total is the form's own). */
  toBody: (values: Value) => Value;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const { countyId } = useCaseCounty();
  const rule = useCountyRule<Value>(path);
  const save = useSaveCountyRule<Value>(path);
  const isReadOnly = !can('cadre.configure');
  return (
    <Card size="small" title={title} data-testid={testId}>
      {hint ? <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph> : null}
      <QueryState query={rule}>
        {() => (
          <Form<Value>
            key={countyId}
            layout="vertical"
            initialValues={rule.data}
            disabled={isReadOnly}
            onValuesChange={() => save.reset()}
            onFinish={(values) =>
              save.mutate(toBody(values), { onSuccess: () => void message.success(t('common.saved')) })
            }
          >
            {children}
            {save.isError ? (
              <Alert
                type="error"
                showIcon
                className="cadre-rule-refused"
                title={t('cadreRules.refused', { reason: refusalText(save.error) })}
                data-testid="rule-refused"
              />
            ) : null}
            {isReadOnly ? null : (
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`${testId}-save`}>
                {t('cadreRules.save')}
              </Button>
            )}
          </Form>
        )}
      </QueryState>
    </Card>
  );
}

/** 规则设置: the county's rules for its cadres, one form each; read-only below the county. */
export function CadreRulesTab() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Flex vertical gap={12} data-testid="cadre-rules">
      <Flex wrap gap={8} align="center">
        <CaseCountyPicker />
        <Typography.Text type="secondary">{t('cadreRules.intro')}</Typography.Text>
      </Flex>
      {can('cadre.configure') ? null : (
        <Alert type="info" showIcon title={t('cadreRules.readOnly')} data-testid="cadre-rules-read-only" />
      )}
      <RuleCard<ServiceDays>
        path="/attendance/service-days"
        title={t('cadreRules.serviceDays.title')}
        testId="rule-service-days"
        toBody={({ weekdays, expectedHours }) => ({ weekdays, expectedHours })}
      >
        <Form.Item
          name="weekdays"
          label={t('cadreRules.serviceDays.weekdays')}
          rules={[{ required: true, type: 'array', min: 1, message: t('cadreRules.serviceDays.weekdaysRequired') }]}
        >
          <Checkbox.Group
            options={isoWeekdays.map((day) => ({
              value: day,
              label: t('cadreRules.serviceDays.weekday', { day: t(`cadres.weekdays.${String(day) as '1'}`) }),
            }))}
            data-testid="service-weekdays"
          />
        </Form.Item>
        <Form.Item
          name="expectedHours"
          label={t('cadreRules.serviceDays.expectedHours')}
          rules={[
            { required: true, type: 'number', min: 0.5, max: 24, message: t('cadreRules.serviceDays.hoursRange') },
          ]}
          className="cadre-rule-number"
        >
          <InputNumber step={0.5} data-testid="service-hours" />
        </Form.Item>
      </RuleCard>
      <RuleCard<EvaluationRules>
        path="/cadres/evaluation-rules"
        title={t('cadreRules.evaluation.title')}
        testId="rule-evaluation"
        toBody={({ weights, thresholds, workPerServiceDay }) => ({ weights, thresholds, workPerServiceDay })}
      >
        <WeightFields />
        <ThresholdFields />
        <Form.Item
          name="workPerServiceDay"
          label={t('cadreRules.evaluation.workPerServiceDay')}
          rules={[wholeNumber(1, 50, t('cadreRules.evaluation.workRange'))]}
        >
          <InputNumber data-testid="work-per-service-day" />
        </Form.Item>
      </RuleCard>
      <RuleCard<GridMemberWeights>
        path="/cadres/grid-member-weights"
        title={t('cadreRules.gridMembers.title')}
        hint={t('cadreRules.gridMembers.hint')}
        testId="rule-grid-members"
        toBody={({ weights }) => ({ weights })}
      >
        <WeightFields />
      </RuleCard>
      <RuleCard<AccuracyRules>
        path="/cadres/accuracy-rules"
        title={t('cadreRules.accuracy.title')}
        testId="rule-accuracy"
        toBody={({ sharePercent, minimumCount }) => ({ sharePercent, minimumCount })}
      >
        <Flex wrap gap={8}>
          <Form.Item
            name="sharePercent"
            label={t('cadreRules.accuracy.sharePercent')}
            rules={[wholeNumber(1, 100, t('cadreRules.accuracy.shareRange'))]}
            className="cadre-rule-number"
          >
            <InputNumber data-testid="accuracy-share" />
          </Form.Item>
          <Form.Item
            name="minimumCount"
            label={t('cadreRules.accuracy.minimumCount')}
            rules={[wholeNumber(1, 100, t('cadreRules.accuracy.minimumRange'))]}
            className="cadre-rule-number"
          >
            <InputNumber data-testid="accuracy-minimum" />
          </Form.Item>
        </Flex>
      </RuleCard>
      <RuleCard<TimeSplitRule>
        path="/cadres/time-split-rule"
        title={t('cadreRules.timeSplit.title')}
        hint={t('cadreRules.timeSplit.hint')}
        testId="rule-time-split"
        toBody={({ enabled }) => ({ enabled })}
      >
        <Form.Item name="enabled" label={t('cadreRules.timeSplit.enabled')} valuePropName="checked">
          <Switch data-testid="time-split-enabled" />
        </Form.Item>
      </RuleCard>
    </Flex>
  );
}
