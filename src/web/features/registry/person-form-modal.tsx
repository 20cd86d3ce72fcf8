import { Alert, App, AutoComplete, Button, Form, Input, Radio, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { chinaToday } from '../../../shared/clock';
import { normalizeIdNumber, parseIdNumber } from '../../../shared/id-number';
import { normalizePhone } from '../../../shared/phone';
import {
  relations,
  residenceTypes,
  sexes,
  type Relation,
  type ResidenceType,
  type Sex,
} from '../../../shared/registry';
import { FormModal } from '../../components/form-modal';
import { GridField, startingGridId } from './grid-field';
import type { Region } from '../../../shared/api/regions';
import { ethnicities } from './ethnicities';
import { HouseholdSelect } from './household-select';
import type { Person, PersonInput } from '../../../shared/api/registry';
import { useCreatePerson, useUpdatePerson } from './persons-api';
import { describeRegistryError, existingPersonId, idNumberProblemText } from './registry-errors';
import { TagSelect } from './registry-tags';
import { blankToNull, optionalPhoneRule } from './registry-values';
import { useRegistryTranslation } from './use-registry-translation';

type Placement = 'grid' | 'household';

type PersonValues = {
  name: string;
  idNumber?: string;
  sex?: Sex | null;
  birthDate?: string | null;
  phone?: string;
  residenceType?: ResidenceType | null;
  ethnicity?: string | null;
  isPartyMember: boolean;
  placement: Placement;
  regionId?: string | null;
  householdId?: string | null;
  relationToHead?: Relation | null;
  tags: string[];
  notes?: string;
};

/** A new person (in a grid, or as a member of a household), or an edit of `person`. */
export type PersonFormTarget =
  { mode: 'create'; household?: { id: string; address: string } } | { mode: 'edit'; person: Person };

function initialValuesOf(target: PersonFormTarget | undefined, region: Region | undefined): Partial<PersonValues> {
  if (target?.mode === 'edit') {
    const { person } = target;
    return {
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      residenceType: person.residenceType,
      ethnicity: person.ethnicity,
      isPartyMember: person.isPartyMember,
      placement: person.householdId ? 'household' : 'grid',
      regionId: person.regionId,
      householdId: person.householdId,
      relationToHead: person.relationToHead,
      tags: person.tags,
      notes: person.notes,
    };
  }
  return {
    isPartyMember: false,
    placement: target?.household ? 'household' : 'grid',
    regionId: startingGridId(region),
    householdId: target?.household?.id,
    tags: [],
  };
}

/** Everything the form says, as the API takes it. ID number and phone only when typed (the form never has them). */
function toInput(values: PersonValues): PersonInput {
  const idNumber = blankToNull(values.idNumber);
  const parsed = idNumber ? parseIdNumber(idNumber) : undefined;
  const isInHousehold = values.placement === 'household';
  return {
    name: values.name.trim(),
    ...(idNumber ? { idNumber } : {}),
    ...(blankToNull(values.phone) ? { phone: normalizePhone(values.phone ?? '') } : {}),
    // The ID number carries them; the server takes them from it.
    sex: parsed?.ok ? parsed.sex : (values.sex ?? null),
    birthDate: parsed?.ok ? parsed.birthDate : blankToNull(values.birthDate),
    residenceType: values.residenceType ?? null,
    ethnicity: blankToNull(values.ethnicity),
    isPartyMember: values.isPartyMember,
    notes: values.notes?.trim() ?? '',
    tags: values.tags,
    ...(isInHousehold
      ? { householdId: values.householdId ?? null, relationToHead: values.relationToHead ?? null }
      : { regionId: values.regionId ?? undefined, householdId: null, relationToHead: null }),
  };
}

function isSameValue(first: unknown, second: unknown): boolean {
  if (Array.isArray(first) && Array.isArray(second)) {
    return first.length === second.length && first.every((item) => second.includes(item));
  }
  return (first ?? null) === (second ?? null);
}

/**
 * Only what the user changed. What the form was given may be shortened for the user's role (a minor's name, the
 * birth date), and sending it back unchanged would store the shortened form.
 */
function changesOf(person: Person, input: PersonInput): Partial<PersonInput> {
  const current: PersonInput = {
    name: person.name,
    sex: person.sex,
    birthDate: person.birthDate,
    residenceType: person.residenceType,
    ethnicity: person.ethnicity,
    isPartyMember: person.isPartyMember,
    notes: person.notes,
    tags: person.tags,
    regionId: person.regionId,
    householdId: person.householdId,
    relationToHead: person.relationToHead,
  };
  const changes = Object.fromEntries(
    Object.entries(input).filter(([field, value]) => !isSameValue(value, current[field as keyof PersonInput])),
  ) as Partial<PersonInput>;
  // A move into a grid names the grid; staying in the same grid while leaving a household still sends it.
  if (changes.householdId === null && input.regionId) changes.regionId = input.regionId;
  return changes;
}

/** ID number with its instant check, and the birth date and sex it carries (then not typed separately). */
function IdentityFields({ person }: { person: Person | undefined }) {
  const { t } = useRegistryTranslation();
  const form = Form.useFormInstance<PersonValues>();
  const idNumber = Form.useWatch('idNumber', form)?.trim();
  const parsed = idNumber ? parseIdNumber(idNumber) : undefined;
  const derived = parsed?.ok ? parsed : undefined;
  // A stored ID number keeps deciding the birth date and sex until another one is typed.
  const isDecidedByIdNumber = derived !== undefined || (person?.idNumber != null && !idNumber);

  const derivedSex = derived?.sex;
  const derivedBirthDate = derived?.birthDate;
  useEffect(() => {
    if (derivedSex && derivedBirthDate) form.setFieldsValue({ sex: derivedSex, birthDate: derivedBirthDate });
  }, [derivedSex, derivedBirthDate, form]);

  return (
    <>
      <Form.Item
        name="idNumber"
        label={t('registry.person.idNumber')}
        validateFirst
        rules={[
          {
            validator: (_rule, value: string | undefined) => {
              if (!value?.trim()) return Promise.resolve();
              const result = parseIdNumber(value);
              return result.ok
                ? Promise.resolve()
                : Promise.reject(new Error(idNumberProblemText(result.problem, normalizeIdNumber(value).length)));
            },
          },
        ]}
        extra={
          derived
            ? t('registry.idNumber.derived', {
                birthDate: derived.birthDate,
                sex: t(`registry.sex.${derived.sex}`),
              }) + (derived.wasConverted ? ` ${t('registry.idNumber.converted', { idNumber: derived.idNumber })}` : '')
            : undefined
        }
      >
        <Input
          autoComplete="off"
          maxLength={40}
          placeholder={person?.idNumber ? t('registry.form.unchanged', { value: person.idNumber }) : undefined}
          data-testid="person-id-number"
        />
      </Form.Item>
      <Form.Item name="sex" label={t('registry.person.sex')}>
        <Radio.Group
          disabled={isDecidedByIdNumber}
          optionType="button"
          options={sexes.map((sex) => ({ value: sex, label: t(`registry.sex.${sex}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="birthDate"
        label={t('registry.person.birthDate')}
        extra={isDecidedByIdNumber ? t('registry.form.fromIdNumber') : undefined}
      >
        {/* The browser's own date input: a phone shows its date wheel, and no date library is needed. */}
        <Input type="date" max={chinaToday()} disabled={isDecidedByIdNumber} />
      </Form.Item>
    </>
  );
}

/** Where the person lives: straight in a grid, or in a household (which is in a grid), with the relation to its head. */
function PlacementFields({
  region,
  person,
  household,
}: {
  region: Region | undefined;
  person: Person | undefined;
  household: { id: string; address: string } | undefined;
}) {
  const { t } = useRegistryTranslation();
  const placement = Form.useWatch<Placement | undefined>('placement');
  return (
    <>
      <Form.Item name="placement" label={t('registry.form.placement')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'grid', label: t('registry.form.placementGrid') },
            { value: 'household', label: t('registry.form.placementHousehold') },
          ]}
        />
      </Form.Item>
      {placement === 'household' ? (
        <>
          <Form.Item
            name="householdId"
            label={t('registry.person.household')}
            rules={[{ required: true, message: t('registry.form.householdRequired') }]}
          >
            <HouseholdSelect
              regionId={region?.id}
              knownAddress={household?.address ?? person?.householdAddress ?? undefined}
            />
          </Form.Item>
          <Form.Item name="relationToHead" label={t('registry.person.relationToHead')}>
            <Select
              allowClear
              options={relations.map((relation) => ({ value: relation, label: t(`registry.relation.${relation}`) }))}
            />
          </Form.Item>
        </>
      ) : (
        <GridField region={region} known={person && { id: person.regionId, name: person.regionName }} />
      )}
    </>
  );
}

/** Registers a person or changes one; the ID number is checked as it is typed. */
export function PersonFormModal({
  target,
  region,
  onClose,
  onOpenPerson,
}: {
  target: PersonFormTarget | undefined;
  /** The region the registry shows: grids are picked inside it, and it is the default when it is a grid. */
  region: Region | undefined;
  onClose: () => void;
  /** Opens another person's drawer (the one already registered with the typed ID number). */
  onOpenPerson: (personId: string) => void;
}) {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const createPerson = useCreatePerson({ isErrorShownInline: true });
  const updatePerson = useUpdatePerson({ isErrorShownInline: true });
  const [submitError, setSubmitError] = useState<unknown>();
  const person = target?.mode === 'edit' ? target.person : undefined;
  const household = target?.mode === 'create' ? target.household : undefined;

  const close = () => {
    setSubmitError(undefined);
    onClose();
  };

  const submit = async (values: PersonValues) => {
    setSubmitError(undefined);
    const input = toInput(values);
    try {
      if (person) {
        const changes = changesOf(person, input);
        if (Object.keys(changes).length > 0) await updatePerson.mutateAsync({ id: person.id, ...changes });
        void message.success(t('common.saved'));
      } else {
        await createPerson.mutateAsync(input);
        void message.success(t('common.created'));
      }
      setSubmitError(undefined);
    } catch (error) {
      setSubmitError(error);
      throw error;
    }
  };

  const duplicateId = existingPersonId(submitError);
  const errorDescription = submitError ? describeRegistryError(submitError) : undefined;

  return (
    <FormModal<PersonValues>
      title={person ? t('registry.persons.edit') : t('registry.persons.add')}
      open={target !== undefined}
      onClose={close}
      onSubmit={submit}
      initialValues={initialValuesOf(target, region)}
      testId="person-form"
    >
      {errorDescription ? (
        <Alert
          type="error"
          showIcon
          className="registry-form-error"
          title={errorDescription.title}
          description={errorDescription.detail}
          action={
            duplicateId ? (
              <Button
                size="small"
                onClick={() => {
                  close();
                  onOpenPerson(duplicateId);
                }}
              >
                {t('registry.persons.openExisting')}
              </Button>
            ) : null
          }
          data-testid="person-form-error"
        />
      ) : null}
      <Form.Item
        name="name"
        label={t('registry.person.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('registry.person.name') }) },
          { max: 100 },
        ]}
      >
        <Input autoFocus autoComplete="off" data-testid="person-name" />
      </Form.Item>
      <IdentityFields person={person} />
      <Form.Item
        name="phone"
        label={t('registry.person.phone')}
        rules={[optionalPhoneRule(t('registry.form.phoneInvalid'))]}
      >
        <Input
          inputMode="tel"
          autoComplete="off"
          placeholder={person?.phone ? t('registry.form.unchanged', { value: person.phone }) : undefined}
        />
      </Form.Item>
      <Form.Item name="residenceType" label={t('registry.person.residenceType')}>
        <Radio.Group
          optionType="button"
          options={residenceTypes.map((type) => ({ value: type, label: t(`registry.residenceType.${type}`) }))}
        />
      </Form.Item>
      <Form.Item name="ethnicity" label={t('registry.person.ethnicity')} rules={[{ max: 20 }]}>
        <AutoComplete
          allowClear
          options={ethnicities.map((ethnicity) => ({ value: ethnicity }))}
          showSearch={{
            filterOption: (input, option) => String(option?.value ?? '').includes(input.trim()),
          }}
        />
      </Form.Item>
      <Form.Item name="isPartyMember" label={t('registry.person.isPartyMember')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <PlacementFields region={region} person={person} household={household} />
      <Form.Item name="tags" label={t('registry.person.tags')}>
        <TagSelect isMultiple placeholder={t('registry.form.tagsPlaceholder')} />
      </Form.Item>
      <Form.Item name="notes" label={t('registry.person.notes')} rules={[{ max: 2000 }]}>
        {/* No autoSize: it measures through a style attribute, which the CSP blocks. */}
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
