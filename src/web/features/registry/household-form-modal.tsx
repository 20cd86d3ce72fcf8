import { App, Form, Input } from 'antd';
import { FormModal } from '../../components/form-modal';
import { GridField, startingGridId } from './grid-field';
import type { Region } from '../../../shared/api/regions';
import type { Household } from '../../../shared/api/registry';
import { useCreateHousehold, useUpdateHousehold } from './households-api';
import { blankToNull } from './registry-values';
import { TagSelect } from './registry-tags';
import { useRegistryTranslation } from './use-registry-translation';

type HouseholdValues = {
  regionId: string;
  address: string;
  building?: string;
  unit?: string;
  room?: string;
  tags: string[];
  notes?: string;
};

/** A new household in a grid, or an edit of `household` (moving it to another grid is its own dialog). */
export type HouseholdFormTarget = { mode: 'create' } | { mode: 'edit'; household: Household };

export function HouseholdFormModal({
  target,
  region,
  onClose,
  onCreated,
}: {
  target: HouseholdFormTarget | undefined;
  /** The region the registry shows: grids are picked inside it, and it is the default when it is a grid. */
  region: Region | undefined;
  onClose: () => void;
  onCreated?: (householdId: string) => void;
}) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const createHousehold = useCreateHousehold();
  const updateHousehold = useUpdateHousehold();
  const household = target?.mode === 'edit' ? target.household : undefined;

  const submit = async (values: HouseholdValues) => {
    const fields = {
      address: values.address.trim(),
      building: blankToNull(values.building),
      unit: blankToNull(values.unit),
      room: blankToNull(values.room),
      tags: values.tags,
      notes: values.notes?.trim() ?? '',
    };
    if (household) {
      await updateHousehold.mutateAsync({ id: household.id, ...fields });
      void message.success(t('common.saved'));
    } else {
      const created = await createHousehold.mutateAsync({ regionId: values.regionId, ...fields });
      void message.success(t('common.created'));
      onCreated?.(created.id);
    }
  };

  const initialValues: Partial<HouseholdValues> = household
    ? {
        regionId: household.regionId,
        address: household.address,
        building: household.building ?? undefined,
        unit: household.unit ?? undefined,
        room: household.room ?? undefined,
        tags: household.tags,
        notes: household.notes,
      }
    : { regionId: startingGridId(region), tags: [] };

  return (
    <FormModal<HouseholdValues>
      title={household ? t('registry.households.edit') : t('registry.households.add')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={initialValues}
    >
      {household ? null : <GridField region={region} />}
      <Form.Item
        name="address"
        label={t('registry.household.address')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('registry.household.address') }),
          },
          { max: 200 },
        ]}
      >
        <Input autoFocus placeholder={t('registry.household.addressPlaceholder')} data-testid="household-address" />
      </Form.Item>
      <Form.Item label={t('registry.household.location')}>
        <div className="registry-location-fields">
          <Form.Item name="building" noStyle rules={[{ max: 20 }]}>
            <Input suffix={t('registry.household.building')} />
          </Form.Item>
          <Form.Item name="unit" noStyle rules={[{ max: 20 }]}>
            <Input suffix={t('registry.household.unit')} />
          </Form.Item>
          <Form.Item name="room" noStyle rules={[{ max: 20 }]}>
            <Input suffix={t('registry.household.room')} />
          </Form.Item>
        </div>
      </Form.Item>
      <Form.Item name="tags" label={t('registry.person.tags')}>
        <TagSelect isMultiple placeholder={t('registry.form.tagsPlaceholder')} />
      </Form.Item>
      <Form.Item name="notes" label={t('registry.person.notes')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
