import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Flex, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Campaign, ParticipantInput } from '../../../shared/api/campaigns';
import type { Page } from '../../../shared/api/common';
import type { Staff } from '../../../shared/api/staff';
import { participantKinds } from '../../../shared/campaigns';
import { request } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { RegionPicker } from '../regions/region-picker';
import { useTagCatalog } from '../registry/tags-api';
import { useCampaignKinds, useCreateCampaign, useUpdateCampaign } from './campaigns-api';

type OtherParticipant = { kind: ParticipantInput['kind']; name: string; organisation?: string; attendances?: number };

type CampaignFormValues = {
  name: string;
  kind: string;
  description?: string;
  period: [Dayjs, Dayjs];
  regionIds: string[];
  targetTags?: string[];
  staffIds?: string[];
  others?: OtherParticipant[];
};

/** The staff of the chosen regions (their whole subtrees), to pick participants from. */
function useStaffOf(regionIds: string[]) {
  return useQuery({
    queryKey: ['campaigns', 'staff-of', ...regionIds],
    enabled: regionIds.length > 0,
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(
        regionIds.map((regionId) => request<Page<Staff>>('/staff', { query: { regionId, limit: 500 }, signal })),
      );
      return pages.flatMap((page) => page.items);
    },
  });
}

/** Creates a campaign, or edits one (`campaign` given): name, kind, period, regions, targets and participants. */
export function CampaignFormModal({
  open,
  campaign,
  onClose,
}: {
  open: boolean;
  campaign?: Campaign | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const kinds = useCampaignKinds();
  const tags = useTagCatalog();
  const create = useCreateCampaign();
  const update = useUpdateCampaign();
  const isEnglish = i18n.language === 'en';
  const staffParticipants = campaign?.participants.filter((participant) => participant.kind === 'staff') ?? [];
  const initialValues: Partial<CampaignFormValues> = campaign
    ? {
        name: campaign.name,
        kind: campaign.kind,
        description: campaign.description,
        period: [dayjs(campaign.startDate), dayjs(campaign.endDate)],
        regionIds: campaign.regions.map((region) => region.id),
        targetTags: campaign.targetTags,
        staffIds: staffParticipants.map((participant) => participant.staffId!),
        others: campaign.participants
          .filter((participant) => participant.kind !== 'staff')
          .map(({ kind, name, organisation, attendances }) => ({ kind, name, organisation, attendances })),
      }
    : { kind: 'knock_door', period: [dayjs(), dayjs().add(7, 'day')], others: [] };

  const submit = async (values: CampaignFormValues) => {
    const attendancesOf = new Map(
      staffParticipants.map((participant) => [participant.staffId, participant.attendances]),
    );
    const body = {
      name: values.name,
      kind: values.kind,
      description: values.description ?? '',
      startDate: values.period[0].format('YYYY-MM-DD'),
      endDate: values.period[1].format('YYYY-MM-DD'),
      regionIds: values.regionIds,
      targetTags: values.targetTags ?? [],
      participants: [
        ...(values.staffIds ?? []).map((staffId) => ({
          kind: 'staff' as const,
          staffId,
          attendances: attendancesOf.get(staffId) ?? 0,
        })),
        ...(values.others ?? []).map((other) => ({
          kind: other.kind,
          name: other.name,
          organisation: other.organisation ?? '',
          attendances: other.attendances ?? 0,
        })),
      ],
    };
    if (campaign) await update.mutateAsync({ id: campaign.id, changes: body });
    else await create.mutateAsync(body);
  };

  return (
    <FormModal<CampaignFormValues>
      title={campaign ? t('campaigns.edit') : t('campaigns.create')}
      open={open}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      testId="campaign-form"
    >
      <Form.Item name="name" label={t('campaigns.field.name')} rules={[{ required: true, min: 2, max: 100 }]}>
        <Input maxLength={100} data-testid="campaign-name" />
      </Form.Item>
      <Form.Item name="kind" label={t('campaigns.field.kind')} rules={[{ required: true }]}>
        <Select
          loading={kinds.isPending}
          options={(kinds.data?.items ?? []).map((kind) => ({
            value: kind.code,
            label: isEnglish ? kind.name.en : kind.name.zh,
          }))}
        />
      </Form.Item>
      <Form.Item name="period" label={t('campaigns.field.period')} rules={[{ required: true }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="regionIds" label={t('campaigns.field.regions')} rules={[{ required: true }]}>
        <RegionPicker
          isMultiple
          knownLabels={Object.fromEntries((campaign?.regions ?? []).map((region) => [region.id, region.name]))}
        />
      </Form.Item>
      <Form.Item name="targetTags" label={t('campaigns.field.targetTags')} extra={t('campaigns.field.targetTagsHint')}>
        <Select mode="multiple" allowClear loading={tags.isPending} options={tags.options} />
      </Form.Item>
      <Form.Item noStyle dependencies={['regionIds']}>
        {(form) => <StaffField regionIds={(form.getFieldValue('regionIds') as string[] | undefined) ?? []} />}
      </Form.Item>
      <Form.Item label={t('campaigns.field.otherParticipants')}>
        <Form.List name="others">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="baseline">
                  <Form.Item name={[field.name, 'kind']} noStyle initialValue="volunteer">
                    <Select
                      style={{ width: 110 }}
                      options={participantKinds
                        .filter((kind) => kind !== 'staff')
                        .map((kind) => ({ value: kind, label: t(`campaigns.participantKind.${kind}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} noStyle rules={[{ required: true, max: 100 }]}>
                    <Input placeholder={t('campaigns.field.participantName')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'organisation']} noStyle>
                    <Input placeholder={t('campaigns.field.organisation')} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'attendances']} noStyle>
                    <InputNumber min={0} max={10000} placeholder={t('campaigns.field.attendances')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'volunteer' })}>
                {t('campaigns.field.addParticipant')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="description" label={t('campaigns.field.description')}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

function StaffField({ regionIds }: { regionIds: string[] }) {
  const { t } = useTranslation();
  const staff = useStaffOf(regionIds);
  return (
    <Form.Item name="staffIds" label={t('campaigns.field.staffParticipants')}>
      <Select
        mode="multiple"
        allowClear
        loading={staff.isFetching}
        optionFilterProp="label"
        options={(staff.data ?? []).map((person) => ({
          value: person.id,
          label: `${person.name} · ${person.regionName}`,
        }))}
      />
    </Form.Item>
  );
}
