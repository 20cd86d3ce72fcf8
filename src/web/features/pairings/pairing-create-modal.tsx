import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PairingDetail, PairingKind } from '../../../shared/api/pairings';
import { FormModal } from '../../components/form-modal';
import { useCreatePairing, useKindName } from './pairings-api';
import { SidePicker } from './side-picker';

type Values = {
  kind: string;
  helperId: string;
  helpedId: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  contactEveryDays?: number;
  note?: string;
};

const helperField = { party_member: 'personId', staff: 'staffId', unit: 'unitId' } as const;

/** 新建结对: the kind first, then its helper and helped side picked by typing, the period and the frequency. */
export function PairingCreateModal({
  open,
  kinds,
  onClose,
  onCreated,
}: {
  open: boolean;
  kinds: PairingKind[];
  onClose: () => void;
  onCreated: (pairing: PairingDetail) => void;
}) {
  const { t } = useTranslation();
  const kindName = useKindName();
  const create = useCreatePairing();
  const active = kinds.filter((kind) => kind.isActive);
  const [kindCode, setKindCode] = useState(active[0]?.code);
  const kind = active.find((item) => item.code === kindCode);

  const submit = async (values: Values) => {
    const chosen = active.find((item) => item.code === values.kind)!;
    const pairing = await create.mutateAsync({
      kind: values.kind,
      helper: { [helperField[chosen.helperSide]]: values.helperId } as { staffId: string },
      helpedId: values.helpedId,
      startsOn: values.startsOn?.format('YYYY-MM-DD'),
      endsOn: values.endsOn?.format('YYYY-MM-DD') ?? null,
      contactEveryDays: values.contactEveryDays,
      note: values.note ?? '',
    });
    onCreated(pairing);
  };

  return (
    <FormModal<Values>
      title={t('pairings.add')}
      open={open}
      initialValues={{ kind: active[0]?.code }}
      onSubmit={submit}
      onClose={onClose}
      testId="create-pairing"
    >
      <Form.Item
        name="kind"
        label={t('pairings.form.kind')}
        rules={[{ required: true, message: t('pairings.form.kindRequired') }]}
      >
        <Select
          onChange={(value: string) => setKindCode(value)}
          options={active.map((item) => ({
            value: item.code,
            label: kindName({ zh: item.nameZh, en: item.nameEn }, item.code),
          }))}
          data-testid="pairing-kind"
        />
      </Form.Item>
      {kind ? (
        <>
          <Form.Item
            name="helperId"
            label={`${t('pairings.form.helper')}（${t(`pairings.helperSide.${kind.helperSide}`)}）`}
            rules={[{ required: true, message: t('pairings.form.helperRequired') }]}
          >
            <SidePicker key={`helper-${kind.code}`} side={kind.helperSide} testId="pairing-helper" />
          </Form.Item>
          <Form.Item
            name="helpedId"
            label={`${t('pairings.form.helped')}（${t(`pairings.helpedSide.${kind.helpedSide}`)}）`}
            rules={[{ required: true, message: t('pairings.form.helpedRequired') }]}
          >
            <SidePicker key={`helped-${kind.code}`} side={kind.helpedSide} testId="pairing-helped" />
          </Form.Item>
          <Form.Item name="contactEveryDays" label={t('pairings.form.contactEveryDays')}>
            <InputNumber min={1} max={366} placeholder={String(kind.contactEveryDays)} className="full-width" />
          </Form.Item>
        </>
      ) : null}
      <Form.Item name="startsOn" label={t('pairings.form.startsOn')}>
        <DatePicker className="full-width" />
      </Form.Item>
      <Form.Item name="endsOn" label={t('pairings.form.endsOn')}>
        <DatePicker className="full-width" />
      </Form.Item>
      <Form.Item name="note" label={t('pairings.form.note')}>
        <Input.TextArea maxLength={1000} rows={2} />
      </Form.Item>
    </FormModal>
  );
}
