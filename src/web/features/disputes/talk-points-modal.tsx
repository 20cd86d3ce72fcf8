import { Button, Form, Input, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uuidv7 } from 'uuidv7';
import { FormModal } from '../../components/form-modal';
import { RegionPicker } from '../regions/region-picker';
import { useCreateTalkPoint, useTalkPoints } from './disputes-api';

type TalkPointValues = { regionId: string; name: string; address?: string; host?: string };

const villageLevels = ['village'] as const;

/** 百姓说事点: the talk points of the user's area, and a form to add one to a village. */
export function TalkPointsModal({
  open,
  onClose,
  mayAdd,
}: {
  open: boolean;
  onClose: () => void;
  /** Villages and above keep their talk points; a grid's workers use them. */
  mayAdd: boolean;
}) {
  const { t } = useTranslation();
  const talkPoints = useTalkPoints();
  const create = useCreateTalkPoint();
  const [isAdding, setAdding] = useState(false);
  const [clientId, setClientId] = useState(uuidv7);
  return (
    <Modal title={t('disputes.talkPoints.title')} open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <List
        size="small"
        loading={talkPoints.isPending}
        dataSource={talkPoints.data ?? []}
        locale={{ emptyText: t('disputes.talkPoints.empty') }}
        renderItem={(point) => (
          <List.Item data-testid="talk-point">
            <List.Item.Meta
              title={point.name}
              description={
                <Typography.Text type="secondary">
                  {[point.regionName, point.address, point.host].filter(Boolean).join(' · ')}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
      {mayAdd ? (
        <Button type="dashed" block onClick={() => setAdding(true)} data-testid="add-talk-point">
          {t('disputes.talkPoints.add')}
        </Button>
      ) : null}
      <FormModal<TalkPointValues>
        title={t('disputes.talkPoints.add')}
        open={isAdding}
        onClose={() => setAdding(false)}
        testId="talk-point-form"
        onSubmit={async (values) => {
          await create.mutateAsync({
            id: clientId,
            regionId: values.regionId,
            name: values.name.trim(),
            address: values.address?.trim() ?? '',
            host: values.host?.trim() ?? '',
          });
          setClientId(uuidv7());
        }}
      >
        <Form.Item
          name="regionId"
          label={t('disputes.talkPoints.village')}
          rules={[{ required: true, message: t('disputes.talkPoints.villageRequired') }]}
        >
          <RegionPicker selectableLevels={villageLevels} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('disputes.talkPoints.name')}
          rules={[{ required: true, whitespace: true, message: t('disputes.talkPoints.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('disputes.talkPoints.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="host" label={t('disputes.talkPoints.host')}>
          <Input maxLength={50} />
        </Form.Item>
      </FormModal>
    </Modal>
  );
}
