import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uuidv7 } from 'uuidv7';
import type { DisputeDetail, DisputeInput } from '../../../shared/api/disputes';
import { FormModal } from '../../components/form-modal';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { RegionPicker } from '../regions/region-picker';
import { useDisputeKinds, useRegisterDispute, useResidentSearch, useTalkPoints } from './disputes-api';
import { MediatorSelect } from './mediator-select';

type RegisterValues = {
  regionId: string;
  kind: string;
  summary: string;
  residentIds?: string[];
  outsiders?: { name: string; phone?: string }[];
  staffIds?: string[];
  volunteerNames?: string[];
  talkPointId?: string;
  hasLegalAid?: boolean;
  legalAidBy?: string;
};

const gridLevels = ['grid', 'micro_grid'] as const;

/** Residents named as parties: searched in the registry as one types, shown with the names the caller may see. */
function ResidentSelect({ value, onChange }: { value?: string[]; onChange?: (value: string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useResidentSearch(useDebouncedValue(text.trim().slice(0, 50)));
  const [known, setKnown] = useState<Record<string, string>>({});
  const found = search.data ?? [];
  const options = [
    ...found.map((person) => ({
      value: person.id,
      label: `${person.name}${person.householdAddress ? ` · ${person.householdAddress}` : ''}`,
    })),
    ...(value ?? [])
      .filter((id) => !found.some((person) => person.id === id))
      .map((id) => ({ value: id, label: known[id] ?? id })),
  ];
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(next, chosen) => {
        const labels = Object.fromEntries(
          [chosen].flat().flatMap((option) => (option && 'value' in option ? [[option.value, option.label]] : [])),
        ) as Record<string, string>;
        setKnown((current) => ({ ...current, ...labels }));
        onChange?.(next);
      }}
      showSearch={{ searchValue: text, onSearch: setText, filterOption: false }}
      loading={search.isFetching}
      placeholder={t('disputes.form.residentsHint')}
      options={options}
      data-testid="dispute-residents"
    />
  );
}

/** The mediators who come with the grid: its staff and those above it, and its village's talk points. */
export function GridMediators({ regionId }: { regionId: string | undefined }) {
  const { t } = useTranslation();
  const talkPoints = useTalkPoints(regionId);
  return (
    <>
      <Form.Item name="staffIds" label={t('disputes.form.staffMediators')}>
        <MediatorSelect regionId={regionId} />
      </Form.Item>
      <Form.Item name="talkPointId" label={t('disputes.form.talkPoint')}>
        <Select
          allowClear
          disabled={regionId === undefined}
          loading={talkPoints.isFetching}
          options={(talkPoints.data ?? []).map((point) => ({
            value: point.id,
            label: `${point.name}（${point.regionName}）`,
          }))}
          data-testid="dispute-talk-point"
        />
      </Form.Item>
    </>
  );
}

/** 登记纠纷: the grid, kind, summary, parties, mediators and legal aid; the id is made here, as the phone app does. */
export function DisputeRegisterModal({
  open,
  onClose,
  onRegistered,
  startingGrid,
}: {
  open: boolean;
  onClose: () => void;
  onRegistered: (dispute: DisputeDetail) => void;
  /** The grid filled in: a grid worker's own. */
  startingGrid?: { id: string; name: string } | undefined;
}) {
  const { t, i18n } = useTranslation();
  const kinds = useDisputeKinds();
  const register = useRegisterDispute();
  // One id per opening: a second click after a lost answer sends the same dispute, not a second one.
  const [clientId, setClientId] = useState(uuidv7);

  const submit = async (values: RegisterValues) => {
    const outsiders = (values.outsiders ?? []).filter((party) => party.name?.trim());
    const input: DisputeInput = {
      id: clientId,
      regionId: values.regionId,
      kind: values.kind,
      summary: values.summary,
      parties: [
        ...(values.residentIds ?? []).map((personId) => ({ personId })),
        ...outsiders.map((party) => ({ name: party.name.trim(), phone: party.phone?.trim() || null })),
      ],
      mediators: {
        staffIds: values.staffIds ?? [],
        volunteerNames: (values.volunteerNames ?? []).map((name) => name.trim()).filter(Boolean),
        talkPointId: values.talkPointId ?? null,
      },
      hasLegalAid: values.hasLegalAid ?? false,
      legalAidBy: values.hasLegalAid && values.legalAidBy?.trim() ? values.legalAidBy.trim() : null,
    };
    const dispute = await register.mutateAsync(input);
    setClientId(uuidv7());
    onRegistered(dispute);
  };

  return (
    <FormModal<RegisterValues>
      title={t('disputes.register')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      initialValues={{ regionId: startingGrid?.id, outsiders: [], hasLegalAid: false }}
      testId="dispute-register"
    >
      <Form.Item
        name="regionId"
        label={t('disputes.form.grid')}
        rules={[{ required: true, message: t('disputes.form.gridRequired') }]}
      >
        <RegionPicker
          selectableLevels={gridLevels}
          knownLabels={startingGrid ? { [startingGrid.id]: startingGrid.name } : undefined}
        />
      </Form.Item>
      <Form.Item
        name="kind"
        label={t('disputes.form.kind')}
        rules={[{ required: true, message: t('disputes.form.kindRequired') }]}
      >
        <Select
          loading={kinds.isPending}
          options={(kinds.data ?? [])
            .filter((kind) => kind.isActive)
            .map((kind) => ({ value: kind.code, label: i18n.language === 'en' ? kind.nameEn : kind.nameZh }))}
          data-testid="dispute-kind"
        />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('disputes.form.summary')}
        rules={[{ required: true, whitespace: true, message: t('disputes.form.summaryRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={4000} data-testid="dispute-summary" />
      </Form.Item>
      <Form.Item name="residentIds" label={t('disputes.form.residents')}>
        <ResidentSelect />
      </Form.Item>
      <Form.List name="outsiders">
        {(fields, { add, remove }) => (
          <Form.Item label={t('disputes.form.outsiders')}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline" wrap>
                <Form.Item name={[field.name, 'name']} className="dispute-outsider-name">
                  <Input
                    placeholder={t('disputes.form.outsiderName')}
                    maxLength={50}
                    data-testid="dispute-outsider-name"
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'phone']} className="dispute-outsider-phone">
                  <Input placeholder={t('disputes.form.outsiderPhone')} maxLength={20} inputMode="tel" />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ name: '' })}
              data-testid="dispute-add-outsider"
            >
              {t('disputes.form.addOutsider')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item
        name="volunteerNames"
        label={t('disputes.form.volunteers')}
        dependencies={['residentIds', 'outsiders']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async () => {
              const residents = (getFieldValue('residentIds') as string[] | undefined) ?? [];
              const outsiders = ((getFieldValue('outsiders') as { name?: string }[] | undefined) ?? []).filter(
                (party) => party?.name?.trim(),
              );
              if (residents.length + outsiders.length === 0) throw new Error(t('disputes.form.partiesRequired'));
            },
          }),
        ]}
      >
        <Select mode="tags" open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item noStyle dependencies={['regionId']}>
        {({ getFieldValue }) => <GridMediators regionId={getFieldValue('regionId') as string | undefined} />}
      </Form.Item>
      <Form.Item name="hasLegalAid" label={t('disputes.form.legalAid')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item noStyle dependencies={['hasLegalAid']}>
        {({ getFieldValue }) =>
          getFieldValue('hasLegalAid') ? (
            <Form.Item name="legalAidBy" label={t('disputes.form.legalAidBy')}>
              <Input maxLength={100} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
    </FormModal>
  );
}
