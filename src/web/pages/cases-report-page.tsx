import { AimOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Image, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { caseSources, caseTiers, type CaseSource, type CaseTier } from '../../shared/cases';
import { normalizePhone } from '../../shared/phone';
import { PhotoInput } from '../features/cases/case-photos';
import {
  answersOfForm,
  AttributeAnswerFields,
  type AttributeAnswerValue,
} from '../features/cases/case-attribute-fields';
import { useCaseCategories } from '../features/cases/case-catalogue-api';
import { CaseCountyPicker, useCaseCounty } from '../features/cases/case-county';
import { uploadCasePhoto, useReportCase } from '../features/cases/cases-api';
import { clearReportDraft, loadReportDraft, saveReportDraft, type ReportDraft } from '../features/cases/report-draft';
import { useSignedInSession } from '../features/session/session-api';
import { RegionPicker } from '../features/regions/region-picker';
import type { Region } from '../../shared/api/regions';
import { useRegionChildren } from '../features/regions/regions-api';
import { gridLevels, optionalPhoneRule } from '../features/registry/registry-values';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useLatest } from '../components/use-latest';

type PlaceMode = 'location' | 'grid';

type ReportValues = {
  category: string;
  /** Answers to the item's extra questions, by their code. */
  attributes?: Record<string, AttributeAnswerValue>;
  description: string;
  tier: CaseTier;
  result?: string;
  source: CaseSource;
  placeMode: PlaceMode;
  regionId?: string;
  address?: string;
  residentName?: string;
  residentPhone?: string;
};

type Position = { lat: number; lng: number };
/** A photo chosen on this device and not sent yet, shown from memory until it is sent or removed. */
type LocalPhoto = { file: File; url: string };
type Locating =
  { state: 'idle' } | { state: 'locating' } | { state: 'located'; position: Position } | { state: 'failed' };

function optional(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/** 快速上报: what a grid worker fills in on a phone, standing where the matter is. */
export default function CasesReportPage() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const draftKey = `case-report:${session.user.id}`;
  const [draft, setDraft] = useState<ReportDraft<ReportValues> | null>();
  useEffect(() => {
    void loadReportDraft<ReportValues>(draftKey).then((kept) => setDraft(kept ?? null));
  }, [draftKey]);
  const roots = useRegionChildren(undefined);
  // The form starts from the draft kept on the device, if any, and from the user's own grid.
  return (
    <div className="case-report">
      <PageCard title={t('cases.report.title')} testId="case-report">
        <QueryState query={{ ...roots, isPending: roots.isPending || draft === undefined }}>
          {() => <ReportForm draftKey={draftKey} draft={draft ?? undefined} roots={roots.data ?? []} />}
        </QueryState>
      </PageCard>
    </div>
  );
}

function ReportForm({
  draftKey,
  draft,
  roots,
}: {
  draftKey: string;
  draft: ReportDraft<ReportValues> | undefined;
  roots: Region[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ReportValues>();
  const categories = useCaseCategories();
  const county = useCaseCounty();
  const reportCase = useReportCase();
  const [locating, setLocating] = useState<Locating>(
    draft?.position ? { state: 'located', position: draft.position } : { state: 'idle' },
  );
  const [photos, setPhotos] = useState<LocalPhoto[]>(() =>
    (draft?.photos ?? []).map((file) => ({ file, url: URL.createObjectURL(file) })),
  );
  const [isNotSent, setNotSent] = useState(false);
  const photosRef = useLatest(photos);
  // The previews' memory goes with the page.
  useEffect(() => () => photosRef.current.forEach((photo) => URL.revokeObjectURL(photo.url)), [photosRef]);
  useEffect(() => {
    if (draft) void message.info(t('cases.report.draftRestored'));
  }, [draft, message, t]);
  const position = locating.state === 'located' ? locating.position : undefined;
  /** Keeps what is filled in on the device until the report is sent; `changed` is what changed but not rendered yet. */
  const keepDraft = (changed: { photos?: LocalPhoto[]; position?: Position } = {}) => {
    const keptPosition = changed.position ?? position;
    void saveReportDraft<ReportValues>(
      draftKey,
      { values: form.getFieldsValue(true), ...(keptPosition ? { position: keptPosition } : {}) },
      changed.photos?.map((photo) => photo.file),
    );
  };
  const addPhotos = (files: File[]) => {
    const next = [...photos, ...files.map((file) => ({ file, url: URL.createObjectURL(file) }))];
    setPhotos(next);
    keepDraft({ photos: next });
  };
  const removePhoto = (removed: LocalPhoto) => {
    URL.revokeObjectURL(removed.url);
    const next = photos.filter((photo) => photo !== removed);
    setPhotos(next);
    keepDraft({ photos: next });
  };
  const [isUploading, setUploading] = useState(false);
  const tier = Form.useWatch('tier', form);
  const chosenCategory = categories.find(Form.useWatch('category', form));
  const placeMode = Form.useWatch('placeMode', form);

  // A grid worker's area is one grid: that is where they report, unless they say otherwise. The form waits for the
  // scope's roots, so that this grid is filled in from the start.
  const ownGrid = roots.length === 1 && gridLevels.includes(roots[0]!.level) ? roots[0] : undefined;

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating({ state: 'failed' });
      return;
    }
    setLocating({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const located = { lat: coords.latitude, lng: coords.longitude };
        setLocating({ state: 'located', position: located });
        keepDraft({ position: located });
      },
      () => setLocating({ state: 'failed' }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (values: ReportValues) => {
    if (values.placeMode === 'location' && !position) {
      void message.warning(t('cases.report.locationRequired'));
      return;
    }
    setNotSent(false);
    const created = await reportCase.mutateAsync({
      category: values.category,
      description: values.description.trim(),
      attributes: answersOfForm(values.attributes),
      tier: values.tier,
      result: values.tier === 'simple' ? optional(values.result) : undefined,
      source: values.source,
      ...(values.placeMode === 'location' ? { location: position } : { regionId: values.regionId }),
      address: optional(values.address),
      residentName: optional(values.residentName),
      residentPhone: values.residentPhone?.trim() ? normalizePhone(values.residentPhone) : undefined,
    });
    await clearReportDraft(draftKey);
    // Photos go once the case exists; one that fails does not undo the report.
    setUploading(true);
    let failures = 0;
    for (const photo of photos) {
      await uploadCasePhoto(created.id, photo.file).catch(() => (failures += 1));
    }
    setUploading(false);
    if (failures > 0) void message.warning(t('cases.report.photosFailed', { count: failures }));
    else void message.success(t('cases.report.submitted', { number: created.number }));
    void navigate(`/cases/${created.id}`, { replace: true });
  };

  return (
    <Form<ReportValues>
      form={form}
      layout="vertical"
      initialValues={{
        tier: 'general',
        source: 'visit',
        placeMode: 'grid',
        regionId: ownGrid?.id,
        ...draft?.values,
      }}
      onValuesChange={() => keepDraft()}
      onFinish={(values) =>
        void submit(values).catch((error: unknown) => {
          setUploading(false);
          if (isApiError(error) && error.code === 'network') setNotSent(true);
        })
      }
    >
      {isNotSent ? (
        <Form.Item>
          <Alert type="warning" showIcon title={t('cases.report.notSent')} data-testid="report-not-sent" />
        </Form.Item>
      ) : null}
      {county.spansCounties ? (
        <Form.Item extra={t('cases.county.hint')}>
          <CaseCountyPicker onChange={() => form.setFieldsValue({ category: undefined, regionId: undefined })} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="category"
        label={t('cases.report.category')}
        rules={[{ required: true, message: t('cases.report.categoryRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={categories.isPending}
          options={categories.options}
          // A restored draft names its item before the catalogue has loaded: by name, never by code.
          labelRender={({ value }) => categories.nameOf(String(value))}
          onChange={(code: string) => {
            const category = categories.find(code);
            if (category) form.setFieldsValue({ tier: category.defaultTier, attributes: {} });
          }}
          data-testid="report-category"
        />
      </Form.Item>
      {chosenCategory ? <AttributeAnswerFields attributes={chosenCategory.attributes} /> : null}
      <Form.Item
        name="description"
        label={t('cases.report.description')}
        rules={[
          { required: true, whitespace: true, min: 2, message: t('cases.report.descriptionRequired') },
          { max: 4000 },
        ]}
      >
        <Input.TextArea
          rows={4}
          maxLength={4000}
          placeholder={t('cases.report.descriptionPlaceholder')}
          data-testid="report-description"
        />
      </Form.Item>
      <Form.Item name="tier" label={t('cases.report.tier')} extra={t(`cases.report.tierHint.${tier ?? 'general'}`)}>
        <Radio.Group
          optionType="button"
          options={caseTiers.map((value) => ({ value, label: t(`cases.tier.${value}`) }))}
          data-testid="report-tier"
        />
      </Form.Item>
      {tier === 'simple' ? (
        <Form.Item
          name="result"
          label={t('cases.report.result')}
          rules={[
            { required: true, whitespace: true, min: 2, message: t('cases.report.resultRequired') },
            { max: 4000 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="report-result" />
        </Form.Item>
      ) : null}
      <Form.Item name="source" label={t('cases.report.source')}>
        <Select
          options={caseSources.map((value) => ({ value, label: t(`cases.source.${value}`) }))}
          data-testid="report-source"
        />
      </Form.Item>
      <Form.Item name="placeMode" label={t('cases.report.place')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'grid', label: t('cases.report.chooseGrid') },
            { value: 'location', label: t('cases.report.useMyLocation') },
          ]}
          onChange={(event) => {
            if (event.target.value === 'location' && locating.state !== 'located') locate();
          }}
          data-testid="report-place-mode"
        />
      </Form.Item>
      {placeMode === 'location' ? (
        <Form.Item>
          <Space orientation="vertical" className="full-width">
            <Button
              icon={<AimOutlined />}
              loading={locating.state === 'locating'}
              onClick={locate}
              data-testid="report-locate"
            >
              {t('cases.report.useMyLocation')}
            </Button>
            {locating.state === 'located' ? (
              <Typography.Text type="success" data-testid="report-located">
                {t('cases.report.located', {
                  // Not `lng`: i18next reads that option as the language to translate into.
                  latitude: locating.position.lat.toFixed(5),
                  longitude: locating.position.lng.toFixed(5),
                })}
              </Typography.Text>
            ) : null}
            {locating.state === 'failed' ? (
              <Alert type="warning" showIcon title={t('cases.report.locationFailed')} />
            ) : null}
          </Space>
        </Form.Item>
      ) : (
        <Form.Item name="regionId" rules={[{ required: true, message: t('cases.report.gridRequired') }]}>
          <RegionPicker
            root={county.county}
            selectableLevels={gridLevels}
            knownLabels={ownGrid ? { [ownGrid.id]: ownGrid.name } : undefined}
          />
        </Form.Item>
      )}
      <Form.Item name="address" label={t('cases.report.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="residentName" label={t('cases.report.residentName')} rules={[{ max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="residentPhone"
        label={t('cases.report.residentPhone')}
        rules={[optionalPhoneRule(t('staff.phoneInvalid'))]}
      >
        <Input inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('cases.report.photos')}>
        <Space orientation="vertical" className="full-width">
          {photos.length > 0 ? (
            <Space wrap size={8} data-testid="report-photos">
              {photos.map((photo) => (
                <Space key={photo.url} orientation="vertical" size={0} align="center">
                  <Image src={photo.url} alt={photo.file.name} className="case-photo" />
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => removePhoto(photo)}
                  />
                </Space>
              ))}
            </Space>
          ) : null}
          <PhotoInput label={t('cases.report.takePhoto')} testId="report-photo-input" onFiles={addPhotos} />
        </Space>
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={reportCase.isPending || isUploading}
        data-testid="report-submit"
      >
        {t('cases.report.submit')}
      </Button>
    </Form>
  );
}
