import { AutoComplete, Form, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { FormModal } from '../../components/form-modal';
import { useRegistryTranslation, type RegistryKey } from './use-registry-translation';

// Reasons grid workers give most often; anything else can be typed.
const commonReasons: RegistryKey[] = [
  'registry.reason.common.visit',
  'registry.reason.common.service',
  'registry.reason.common.verification',
  'registry.reason.common.emergency',
];

const maximumReasonLength = 200;

/**
 * Asks why full ID numbers and phones are needed before showing or exporting them: the server refuses without a
 * reason and writes it to the audit log.
 */
export function ReasonModal({
  title,
  explanation,
  open,
  onSubmit,
  onClose,
}: {
  title: ReactNode;
  explanation: ReactNode;
  open: boolean;
  /** Rejects to keep the dialog open. */
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  return (
    <FormModal<{ reason: string }>
      title={title}
      open={open}
      onClose={onClose}
      onSubmit={(values) => onSubmit(values.reason.trim())}
    >
      <Typography.Paragraph type="secondary">{explanation}</Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('registry.reason.label')}
        rules={[
          { required: true, whitespace: true, message: t('registry.reason.required') },
          { max: maximumReasonLength },
        ]}
      >
        {/* Only the reasons that match what is typed: an open list of all four would lie over the OK button. */}
        <AutoComplete options={commonReasons.map((key) => ({ value: t(key) }))} filterOption>
          <Input
            autoFocus
            maxLength={maximumReasonLength}
            placeholder={t('registry.reason.placeholder')}
            data-testid="reason-input"
          />
        </AutoComplete>
      </Form.Item>
    </FormModal>
  );
}
