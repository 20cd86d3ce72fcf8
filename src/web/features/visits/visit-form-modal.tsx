import { EnvironmentOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Form, Input, Select, Space, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uuidv7 } from 'uuidv7';
import type { VisitInput } from '../../../shared/api/visits';
import { maxFindingsLength, needKinds } from '../../../shared/visits';
import { errorText } from '../../api/errors';
import { FormModal } from '../../components/form-modal';
import { CampaignSelect } from '../campaigns/campaign-select';
import { HouseholdSelect } from '../registry/household-select';
import { useHousehold } from '../registry/households-api';
import { usePersons } from '../registry/persons-api';
import { uploadVisitPhoto, useCaseItems, useGridStaff, useRecordVisit, useVisitPurposes } from './visits-api';

type FollowUpKind = 'case' | 'need' | 'householdChange';

type VisitFormValues = {
  householdId: string;
  visitedAt: Dayjs;
  purpose: string;
  campaignId?: string;
  visitorStaffIds?: string[];
  personIds?: string[];
  findings?: string;
  followUps?: FollowUpKind[];
  caseCategory?: string;
  caseDescription?: string;
  needKind?: (typeof needKinds)[number];
  needDescription?: string;
  householdNotes?: string;
};

/** The visitors and people met offered for the household chosen: its grid's staff, its members. */
function HouseholdFields({ householdId }: { householdId: string | undefined }) {
  const { t } = useTranslation();
  const household = useHousehold(householdId);
  const staff = useGridStaff(household.data?.regionId);
  const members = usePersons(
    { regionId: undefined, search: '', tag: undefined, householdId: householdId ?? '' },
    { enabled: householdId !== undefined },
  );
  return (
    <>
      <Form.Item name="visitorStaffIds" label={t('visits.visitors')} extra={t('visits.form.visitorsHint')}>
        <Select
          mode="multiple"
          allowClear
          disabled={!householdId}
          options={(staff.data ?? []).map((person) => ({ value: person.id, label: person.name }))}
          data-testid="visit-visitors"
        />
      </Form.Item>
      <Form.Item name="personIds" label={t('visits.personsMet')}>
        <Select
          mode="multiple"
          allowClear
          disabled={!householdId}
          options={members.items.map((person) => ({ value: person.id, label: person.name }))}
          data-testid="visit-persons"
        />
      </Form.Item>
    </>
  );
}

/**
 * 记录走访: the household, time, purpose, visitors, people met, findings, photos and location, and the follow-ups
 * (上报事件 / 登记需求 / 更新台账) the server writes with the visit in one step.
 */
export function VisitFormModal({
  open,
  householdId,
  onClose,
}: {
  open: boolean;
  /** The household the form starts with (from its drawer). */
  householdId?: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const purposes = useVisitPurposes();
  const caseItems = useCaseItems();
  const recordVisit = useRecordVisit();
  const [chosenHousehold, setChosenHousehold] = useState(householdId);
  const [followUps, setFollowUps] = useState<FollowUpKind[]>([]);
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [location, setLocation] = useState<{ lat: number; lng: number }>();

  const close = () => {
    setFollowUps([]);
    setPhotoIds([]);
    setLocation(undefined);
    onClose();
  };

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (position) => setLocation({ lat: position.coords.latitude, lng: position.coords.longitude }),
      () => void message.warning(t('visits.form.noLocation')),
    );

  const submit = async (values: VisitFormValues) => {
    const chosen = values.followUps ?? [];
    const input: VisitInput = {
      id: uuidv7(),
      householdId: values.householdId,
      visitedAt: values.visitedAt.toISOString(),
      purpose: values.purpose,
      ...(values.campaignId ? { campaignId: values.campaignId } : {}),
      findings: values.findings ?? '',
      ...(values.visitorStaffIds?.length ? { visitorStaffIds: values.visitorStaffIds } : {}),
      ...(values.personIds?.length ? { personIds: values.personIds } : {}),
      ...(photoIds.length > 0 ? { photoUploadIds: photoIds } : {}),
      ...(location ? { location } : {}),
      followUp: {
        ...(chosen.includes('case')
          ? { case: { category: values.caseCategory!, description: values.caseDescription! } }
          : {}),
        ...(chosen.includes('need') ? { need: { kind: values.needKind!, description: values.needDescription! } } : {}),
        ...(chosen.includes('householdChange') ? { householdChange: { notes: values.householdNotes ?? '' } } : {}),
      },
    };
    try {
      const visit = await recordVisit.mutateAsync(input);
      void message.success(
        visit.case ? t('visits.form.savedWithCase', { number: visit.case.number }) : t('visits.form.saved'),
      );
      setFollowUps([]);
      setPhotoIds([]);
      setLocation(undefined);
    } catch (error) {
      void message.error(errorText(error));
      throw error;
    }
  };

  return (
    <FormModal<VisitFormValues>
      title={t('visits.record')}
      open={open}
      onClose={close}
      onSubmit={submit}
      initialValues={{ householdId, visitedAt: dayjs(), purpose: 'routine' }}
      testId="visit-form"
    >
      <Form.Item
        name="householdId"
        label={t('visits.household')}
        rules={[{ required: true, message: t('visits.form.householdRequired') }]}
      >
        <HouseholdSelect regionId={undefined} onChange={setChosenHousehold} />
      </Form.Item>
      <Form.Item name="visitedAt" label={t('visits.visitedAt')} rules={[{ required: true }]}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          disabledDate={(day) => day.isAfter(dayjs(), 'day') || day.isBefore(dayjs().subtract(31, 'day'), 'day')}
          className="full-width"
        />
      </Form.Item>
      <Form.Item name="purpose" label={t('visits.purpose')} rules={[{ required: true }]}>
        <Select options={purposes.options} data-testid="visit-purpose" />
      </Form.Item>
      <Form.Item name="campaignId" label={t('campaigns.select.label')}>
        <CampaignSelect />
      </Form.Item>
      <HouseholdFields householdId={chosenHousehold} />
      <Form.Item name="findings" label={t('visits.findings')} extra={t('visits.form.findingsHint')}>
        <Input.TextArea rows={3} maxLength={maxFindingsLength} showCount data-testid="visit-findings" />
      </Form.Item>
      <Form.Item label={t('visits.photos')}>
        <Upload
          accept="image/jpeg,image/png,image/webp"
          listType="picture"
          customRequest={({ file, onSuccess, onError }) => {
            uploadVisitPhoto(file as File)
              .then((photo) => {
                setPhotoIds((ids) => [...ids, photo.id]);
                onSuccess?.(photo);
              })
              .catch((error: Error) => {
                void message.error(errorText(error));
                onError?.(error);
              });
          }}
          onRemove={(file) => {
            const id = (file.response as { id?: string } | undefined)?.id;
            setPhotoIds((ids) => ids.filter((other) => other !== id));
          }}
        >
          <Button icon={<UploadOutlined />}>{t('visits.form.addPhoto')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item label={t('visits.location')}>
        <Space wrap>
          <Button icon={<EnvironmentOutlined />} onClick={locate}>
            {t('visits.form.locate')}
          </Button>
          {location ? (
            <Typography.Text type="secondary">
              {location.lat.toFixed(5)}, {location.lng.toFixed(5)}
            </Typography.Text>
          ) : null}
        </Space>
      </Form.Item>
      <Form.Item name="followUps" label={t('visits.followUp.title')}>
        <Checkbox.Group
          onChange={(value) => setFollowUps(value as FollowUpKind[])}
          options={[
            { value: 'case', label: t('visits.followUp.case') },
            { value: 'need', label: t('visits.followUp.need') },
            { value: 'householdChange', label: t('visits.followUp.householdChange') },
          ]}
          data-testid="visit-follow-ups"
        />
      </Form.Item>
      {followUps.includes('case') ? (
        <>
          <Form.Item name="caseCategory" label={t('visits.form.caseCategory')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={caseItems} data-testid="visit-case-category" />
          </Form.Item>
          <Form.Item
            name="caseDescription"
            label={t('visits.form.caseDescription')}
            rules={[{ required: true, min: 2, max: 4000 }]}
          >
            <Input.TextArea rows={2} data-testid="visit-case-description" />
          </Form.Item>
        </>
      ) : null}
      {followUps.includes('need') ? (
        <>
          <Form.Item name="needKind" label={t('visits.form.needKind')} rules={[{ required: true }]}>
            <Select
              options={needKinds.map((kind) => ({ value: kind, label: t(`visits.needKind.${kind}`) }))}
              data-testid="visit-need-kind"
            />
          </Form.Item>
          <Form.Item
            name="needDescription"
            label={t('visits.form.needDescription')}
            rules={[{ required: true, min: 2, max: 2000 }]}
          >
            <Input.TextArea rows={2} data-testid="visit-need-description" />
          </Form.Item>
        </>
      ) : null}
      {followUps.includes('householdChange') ? (
        <Form.Item name="householdNotes" label={t('visits.form.householdNotes')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
