import { AimOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Image, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { caseSources, caseTiers, type CaseSource, type CaseTier } from '../../shared/cases';
import { normalizePhone } from '../../shared/phone';
import { PhotoInput } from '../features/cases/case-photos';
import { useCaseCategories } from '../features/cases/case-catalogue-api';
import { uploadCasePhoto, useReportCase } from '../features/cases/cases-api';
import { RegionPicker } from '../features/regions/region-picker';
import { useRegionChildren } from '../features/regions/regions-api';
import { gridLevels, optionalPhoneRule } from '../features/registry/registry-values';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useLatest } from '../components/use-latest';

type PlaceMode = 'location' | 'grid';

type ReportValues = {
  category: string;
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
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ReportValues>();
  const categories = useCaseCategories();
  const roots = useRegionChildren(undefined);
  const reportCase = useReportCase();
  const [locating, setLocating] = useState<Locating>({ state: 'idle' });
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const photosRef = useLatest(photos);
  // The previews' memory goes with the page.
  useEffect(() => () => photosRef.current.forEach((photo) => URL.revokeObjectURL(photo.url)), [photosRef]);
  const addPhotos = (files: File[]) =>
    setPhotos((current) => [...current, ...files.map((file) => ({ file, url: URL.createObjectURL(file) }))]);
  const removePhoto = (removed: LocalPhoto) => {
    URL.revokeObjectURL(removed.url);
    setPhotos((current) => current.filter((photo) => photo !== removed));
  };
  const [isUploading, setUploading] = useState(false);
  const tier = Form.useWatch('tier', form);
  const placeMode = Form.useWatch('placeMode', form);

  // A grid worker's area is one grid: that is where they report, unless they say otherwise. The form waits for the
  // scope's roots, so that this grid is filled in from the start.
  const ownGrid = roots.data?.length === 1 && gridLevels.includes(roots.data[0]!.level) ? roots.data[0] : undefined;

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating({ state: 'failed' });
      return;
    }
    setLocating({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setLocating({
          state: 'located',
          position: { lat: position.coords.latitude, lng: position.coords.longitude },
        }),
      () => setLocating({ state: 'failed' }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (values: ReportValues) => {
    const position = locating.state === 'located' ? locating.position : undefined;
    if (values.placeMode === 'location' && !position) {
      void message.warning(t('cases.report.locationRequired'));
      return;
    }
    const created = await reportCase.mutateAsync({
      category: values.category,
      description: values.description.trim(),
      tier: values.tier,
      result: values.tier === 'simple' ? optional(values.result) : undefined,
      source: values.source,
      ...(values.placeMode === 'location' ? { location: position } : { regionId: values.regionId }),
      address: optional(values.address),
      residentName: optional(values.residentName),
      residentPhone: values.residentPhone?.trim() ? normalizePhone(values.residentPhone) : undefined,
    });
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
    <div className="case-report">
      <PageCard title={t('cases.report.title')} testId="case-report">
        <QueryState query={roots}>
          {() => (
            <Form<ReportValues>
              form={form}
              layout="vertical"
              initialValues={{ tier: 'general', source: 'visit', placeMode: 'grid', regionId: ownGrid?.id }}
              onFinish={(values) => void submit(values).catch(() => setUploading(false))}
            >
              <Form.Item
                name="category"
                label={t('cases.report.category')}
                rules={[{ required: true, message: t('cases.report.categoryRequired') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={categories.isPending}
                  options={categories.options}
                  onChange={(code: string) => {
                    const category = categories.find(code);
                    if (category) form.setFieldValue('tier', category.defaultTier);
                  }}
                  data-testid="report-category"
                />
              </Form.Item>
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
              <Form.Item name="tier" label={t('cases.report.tier')} extra={t('cases.report.tierHint')}>
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
                          lat: locating.position.lat.toFixed(5),
                          lng: locating.position.lng.toFixed(5),
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
          )}
        </QueryState>
      </PageCard>
    </div>
  );
}
