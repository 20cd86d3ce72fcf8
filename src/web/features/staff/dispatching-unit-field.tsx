import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The unit that sent a sunk cadre (派出单位): required wherever a cadre is placed, on an account or in a grid. */
export function DispatchingUnitField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="dispatchingUnit"
      label={t('staff.dispatchingUnit')}
      rules={[{ required: true, whitespace: true, message: t('staff.dispatchingUnitRequired') }, { max: 100 }]}
    >
      <Input />
    </Form.Item>
  );
}
