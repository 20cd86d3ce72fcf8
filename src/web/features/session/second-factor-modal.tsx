import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { useSecondFactorStatus } from './second-factor-api';
import { SecondFactorEnrolment } from './second-factor-enrolment';

/** 账号安全 › 两步验证: whether it is on, recovery codes left, and turning it on. */
export function SecondFactorModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const status = useSecondFactorStatus();
  const [isEnrolling, setEnrolling] = useState(false);
  return (
    <Modal
      title={t('secondFactor.title')}
      open={open}
      onCancel={onClose}
      footer={null}
      // Recovery codes are shown once: a stray click beside the dialog must not lose them.
      maskClosable={false}
      destroyOnHidden
      data-testid="second-factor-modal"
    >
      <QueryState query={status}>
        {() =>
          isEnrolling ? (
            <SecondFactorEnrolment onDone={onClose} />
          ) : status.data!.isEnrolled ? (
            <Flex vertical gap={8}>
              <Alert type="success" showIcon title={t('secondFactor.enabled')} data-testid="second-factor-enabled" />
              <Typography.Text>
                {t('secondFactor.recoveryCodesLeft', { count: status.data!.recoveryCodesLeft })}
              </Typography.Text>
              <Typography.Text type="secondary">{t('secondFactor.lostPhoneHint')}</Typography.Text>
            </Flex>
          ) : (
            <Flex vertical gap={12}>
              {status.data!.isRequired ? (
                <Alert type="warning" showIcon title={t('secondFactor.requiredForRole')} />
              ) : null}
              <Typography.Text>{t('secondFactor.notEnabled')}</Typography.Text>
              <Button type="primary" onClick={() => setEnrolling(true)} data-testid="second-factor-enable">
                {t('secondFactor.enable')}
              </Button>
            </Flex>
          )
        }
      </QueryState>
    </Modal>
  );
}
