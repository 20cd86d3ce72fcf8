import { App, Form, Input, Select } from 'antd';
import { normalizePhone } from '../../../shared/phone';
import { placeKinds, type PlaceKind } from '../../../shared/registry';
import { FormModal } from '../../components/form-modal';
import { GridField, startingGridId } from './grid-field';
import type { Region } from '../../../shared/api/regions';
import type { Place } from '../../../shared/api/registry';
import { useCreatePlace, useUpdatePlace } from './places-api';
import { blankToNull, optionalPhoneRule } from './registry-values';
import { useRegistryTranslation } from './use-registry-translation';

type PlaceValues = {
  regionId: string;
  kind: PlaceKind;
  name: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  notes?: string;
};

/** A new place (of a kind, when the list shows one kind), or an edit of `place`. */
export type PlaceFormTarget = { mode: 'create'; kind: PlaceKind | undefined } | { mode: 'edit'; place: Place };

export function PlaceFormModal({
  target,
  region,
  onClose,
}: {
  target: PlaceFormTarget | undefined;
  region: Region | undefined;
  onClose: () => void;
}) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const createPlace = useCreatePlace();
  const updatePlace = useUpdatePlace();
  const place = target?.mode === 'edit' ? target.place : undefined;

  const submit = async (values: PlaceValues) => {
    // The server only ever shows a masked phone; an empty field on edit means "keep the stored number".
    const contactPhone = blankToNull(values.contactPhone);
    const fields = {
      regionId: values.regionId,
      kind: values.kind,
      name: values.name.trim(),
      address: values.address?.trim() ?? '',
      contactName: blankToNull(values.contactName),
      notes: values.notes?.trim() ?? '',
    };
    if (place) {
      await updatePlace.mutateAsync({
        id: place.id,
        ...fields,
        ...(contactPhone ? { contactPhone: normalizePhone(contactPhone) } : {}),
      });
      void message.success(t('common.saved'));
    } else {
      await createPlace.mutateAsync({ ...fields, contactPhone: contactPhone ? normalizePhone(contactPhone) : null });
      void message.success(t('common.created'));
    }
  };

  const initialValues: Partial<PlaceValues> = place
    ? {
        regionId: place.regionId,
        kind: place.kind,
        name: place.name,
        address: place.address,
        contactName: place.contactName ?? undefined,
        notes: place.notes,
      }
    : {
        regionId: startingGridId(region),
        kind: target?.mode === 'create' ? target.kind : undefined,
      };

  return (
    <FormModal<PlaceValues>
      title={place ? t('registry.places.edit') : t('registry.places.add')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={initialValues}
    >
      <Form.Item
        name="kind"
        label={t('registry.place.kind')}
        rules={[{ required: true, message: t('common.required', { field: t('registry.place.kind') }) }]}
      >
        <Select options={placeKinds.map((kind) => ({ value: kind, label: t(`registry.placeKind.${kind}`) }))} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('registry.place.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('registry.place.name') }) },
          { max: 100 },
        ]}
      >
        <Input autoFocus data-testid="place-name" />
      </Form.Item>
      <GridField region={region} known={place && { id: place.regionId, name: place.regionName }} />
      <Form.Item name="address" label={t('registry.place.address')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="contactName" label={t('registry.place.contactName')} rules={[{ max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="contactPhone"
        label={t('registry.place.contactPhone')}
        rules={[optionalPhoneRule(t('registry.form.phoneInvalid'))]}
      >
        <Input
          inputMode="tel"
          autoComplete="off"
          placeholder={place?.contactPhone ? t('registry.form.unchanged', { value: place.contactPhone }) : undefined}
        />
      </Form.Item>
      <Form.Item name="notes" label={t('registry.person.notes')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
