import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseSettings } from '../../../shared/api/case-catalogue';
import { webhookFormats } from '../../../shared/cases';
import { QueryState } from '../../components/query-state';
import { useCaseSettings, useSaveCaseSettings } from './case-catalogue-api';
import { useCaseCounty } from './case-county';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A list of dates typed or pasted in bulk (a holiday calendar copied from the State Council's notice). */
function DateListField({ name, label, hint }: { name: 'holidays' | 'workdays'; label: string; hint: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={hint}
      rules={[
        {
          validator: (_rule, value: string[] | undefined) =>
            (value ?? []).every((date) => isoDate.test(date) && !Number.isNaN(Date.parse(date)))
              ? Promise.resolve()
              : Promise.reject(new Error(t('cases.settings.invalidDate'))),
        },
      ]}
      normalize={(value: string[] | undefined) => [...new Set((value ?? []).map((date) => date.trim()))].sort()}
    >
      <Select
        mode="tags"
        tokenSeparators={[',', ' ', '，', '、', '\n']}
        open={false}
        data-testid={`settings-${name}`}
      />
    </Form.Item>
  );
}

function SettingsForm({ settings }: { settings: CaseSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saveSettings = useSaveCaseSettings();
  const submit = (values: CaseSettings) =>
    saveSettings.mutate(
      {
        holidays: values.holidays ?? [],
        workdays: values.workdays ?? [],
        webhooks: (values.webhooks ?? []).map((webhook) => ({
          url: webhook.url.trim(),
          format: webhook.format,
          ...(webhook.secret?.trim() ? { secret: webhook.secret.trim() } : {}),
        })),
      },
      { onSuccess: () => void message.success(t('common.saved')) },
    );
  return (
    <Form<CaseSettings> layout="vertical" initialValues={settings} onFinish={submit}>
      <DateListField name="holidays" label={t('cases.settings.holidays')} hint={t('cases.settings.holidaysHint')} />
      <DateListField name="workdays" label={t('cases.settings.workdays')} hint={t('cases.settings.workdaysHint')} />
      <Typography.Text strong>{t('cases.settings.webhooks')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('cases.settings.webhooksHint')}</Typography.Paragraph>
      <Form.List name="webhooks">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Flex key={field.key} wrap gap={8} align="start">
                <Form.Item
                  name={[field.name, 'format']}
                  rules={[{ required: true }]}
                  className="cases-filter"
                  aria-label={t('cases.settings.webhookFormat')}
                >
                  <Select
                    options={webhookFormats.map((format) => ({ value: format, label: t(`cases.format.${format}`) }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'url']}
                  className="cases-webhook-url"
                  rules={[
                    { required: true, type: 'url', message: t('cases.settings.webhookUrlInvalid') },
                    { pattern: /^https?:\/\//, message: t('cases.settings.webhookUrlInvalid') },
                    { max: 500 },
                  ]}
                >
                  <Input placeholder={t('cases.settings.webhookUrl')} maxLength={500} />
                </Form.Item>
                <Form.Item name={[field.name, 'secret']} className="cases-filter">
                  <Input.Password placeholder={t('cases.settings.webhookSecret')} autoComplete="off" maxLength={200} />
                </Form.Item>
                <Button
                  danger
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('cases.settings.removeWebhook')}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            <Form.Item>
              <Button icon={<PlusOutlined />} onClick={() => add({ format: 'wecom', url: '' })}>
                {t('cases.settings.addWebhook')}
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={saveSettings.isPending} data-testid="settings-save">
        {t('cases.settings.save')}
      </Button>
    </Form>
  );
}

/** The county's working calendar (which working-day limits count by) and the group robots it posts to. */
export function CaseSettingsCard() {
  const { t } = useTranslation();
  const settings = useCaseSettings();
  const { countyId } = useCaseCounty();
  return (
    <Card title={t('cases.settings.title')} data-testid="case-settings">
      <QueryState query={settings}>
        {() => (settings.data ? <SettingsForm key={countyId} settings={settings.data} /> : null)}
      </QueryState>
    </Card>
  );
}
