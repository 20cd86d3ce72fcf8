import { UploadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Rate, Select, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WishDetail, WishDrive } from '../../../shared/api/wishes';
import { claimantKinds, wishCategories, type ClaimantKind, type WishAction } from '../../../shared/wishes';
import { FormModal } from '../../components/form-modal';
import { SidePicker, type Side } from '../pairings/side-picker';
import { RegionPicker } from '../regions/region-picker';
import { useCreateDrive, useRegisterWish, useWishAction, useWishPhoto } from './wishes-api';

type RegisterValues = { personId: string; category: string; content: string; driveId?: string };

/** 登记心愿: the resident picked by typing (masked as the registry masks), the category, the wish, its drive. */
export function RegisterWishModal({
  open,
  drives,
  onClose,
  onRegistered,
}: {
  open: boolean;
  drives: WishDrive[];
  onClose: () => void;
  onRegistered: (wish: WishDetail) => void;
}) {
  const { t } = useTranslation();
  const register = useRegisterWish();
  const submit = async (values: RegisterValues) => {
    const wish = await register.mutateAsync({
      personId: values.personId,
      category: values.category as WishDetail['category'],
      content: values.content,
      driveId: values.driveId ?? null,
    });
    onRegistered(wish);
  };
  return (
    <FormModal<RegisterValues>
      title={t('wishes.add')}
      open={open}
      initialValues={{ category: 'daily_goods' }}
      onSubmit={submit}
      onClose={onClose}
      testId="register-wish"
    >
      <Form.Item
        name="personId"
        label={t('wishes.form.person')}
        rules={[{ required: true, message: t('wishes.form.personRequired') }]}
      >
        <SidePicker side="person" testId="wish-person" />
      </Form.Item>
      <Form.Item name="category" label={t('wishes.form.category')} rules={[{ required: true }]}>
        <Select
          options={wishCategories.map((value) => ({ value, label: t(`wishes.category.${value}`) }))}
          data-testid="wish-category"
        />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('wishes.form.content')}
        rules={[{ required: true, whitespace: true, message: t('wishes.form.contentRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={500} data-testid="wish-content" />
      </Form.Item>
      <Form.Item name="driveId" label={t('wishes.form.drive')}>
        <Select
          allowClear
          placeholder={t('wishes.form.noDrive')}
          options={drives.map((drive) => ({ value: drive.id, label: drive.name }))}
          data-testid="wish-drive"
        />
      </Form.Item>
    </FormModal>
  );
}

type DriveValues = { regionId: string; name: string; period: [Dayjs, Dayjs]; targetCount: number };

/** 新建活动: a county's, town's or village's named batch with a period and a target count. */
export function DriveModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateDrive();
  const submit = (values: DriveValues) =>
    create.mutateAsync({
      regionId: values.regionId,
      name: values.name,
      startsOn: values.period[0].format('YYYY-MM-DD'),
      endsOn: values.period[1].format('YYYY-MM-DD'),
      targetCount: values.targetCount,
    });
  return (
    <FormModal<DriveValues>
      title={t('wishes.drives.add')}
      open={open}
      onSubmit={submit}
      onClose={onClose}
      testId="drive"
    >
      <Form.Item
        name="regionId"
        label={t('wishes.drives.region')}
        rules={[{ required: true, message: t('wishes.drives.regionRequired') }]}
      >
        <RegionPicker selectableLevels={['county', 'town', 'village']} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('wishes.drives.name')}
        rules={[{ required: true, whitespace: true, message: t('wishes.drives.nameRequired') }]}
      >
        <Input maxLength={60} data-testid="drive-name" />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('wishes.drives.period')}
        rules={[{ required: true, message: t('wishes.drives.periodRequired') }]}
      >
        <DatePicker.RangePicker className="full-width" />
      </Form.Item>
      <Form.Item
        name="targetCount"
        label={t('wishes.drives.target')}
        rules={[{ required: true, message: t('wishes.drives.targetRequired') }]}
      >
        <InputNumber min={1} max={100_000} precision={0} className="full-width" data-testid="drive-target" />
      </Form.Item>
    </FormModal>
  );
}

/** Where a claimant of each kind is picked from: party members among the residents, the staff roster, the units. */
const claimantSide: Record<ClaimantKind, Side> = { party_member: 'party_member', cadre: 'staff', unit: 'unit' };

type ActionValues = {
  reason?: string;
  claimantKind?: ClaimantKind;
  claimantId?: string;
  promisedOn?: Dayjs;
  note?: string;
  words?: string;
  rating?: number;
};

/** A step that needs more than a click: the reason, the claimant and date, the photo and note, the resident's words. */
export function WishActionModal({
  wish,
  action,
  onClose,
}: {
  wish: WishDetail;
  action: Exclude<WishAction, 'approve'>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const take = useWishAction(wish.id);
  const sendPhoto = useWishPhoto(wish.id);
  const [claimantKind, setClaimantKind] = useState<ClaimantKind>('party_member');
  const [hasPhoto, setHasPhoto] = useState(wish.hasPhoto);
  const version = sendPhoto.data?.version ?? wish.version;

  const submit = (values: ActionValues) => {
    switch (action) {
      case 'reject':
      case 'cancel':
        return take.mutateAsync({ action, version, reason: values.reason ?? '' });
      case 'claim':
        return take.mutateAsync({
          action,
          version,
          claimant: { kind: claimantKind, id: values.claimantId ?? '' },
          promisedOn: values.promisedOn?.format('YYYY-MM-DD') ?? '',
        });
      case 'fulfil':
        if (!hasPhoto) {
          void message.error(t('wishes.form.photoRequired'));
          return Promise.reject(new Error('no photo'));
        }
        return take.mutateAsync({ action, version, note: values.note ?? '' });
      case 'acknowledge':
        return take.mutateAsync({ action, version, words: values.words ?? '', rating: values.rating || null });
    }
  };

  const required = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <FormModal<ActionValues>
      title={t(`wishes.action.${action}`)}
      open
      initialValues={{ claimantKind: 'party_member' }}
      onSubmit={submit}
      onClose={onClose}
      testId="wish-action"
    >
      {action === 'reject' || action === 'cancel' ? (
        <Form.Item name="reason" label={t('wishes.form.reason')} rules={required(t('wishes.form.reasonRequired'))}>
          <Input.TextArea rows={2} maxLength={500} data-testid="wish-reason" />
        </Form.Item>
      ) : null}
      {action === 'claim' ? (
        <>
          <Form.Item name="claimantKind" label={t('wishes.form.claimantKind')}>
            <Select
              onChange={(kind: ClaimantKind) => setClaimantKind(kind)}
              options={claimantKinds.map((value) => ({ value, label: t(`wishes.claimantKind.${value}`) }))}
              data-testid="wish-claimant-kind"
            />
          </Form.Item>
          <Form.Item
            name="claimantId"
            label={t('wishes.form.claimant')}
            rules={[{ required: true, message: t('wishes.form.claimantRequired') }]}
          >
            <SidePicker key={claimantKind} side={claimantSide[claimantKind]} testId="wish-claimant" />
          </Form.Item>
          <Form.Item
            name="promisedOn"
            label={t('wishes.form.promisedOn')}
            rules={[{ required: true, message: t('wishes.form.promisedOnRequired') }]}
          >
            <DatePicker className="full-width" data-testid="wish-promised-on" />
          </Form.Item>
        </>
      ) : null}
      {action === 'fulfil' ? (
        <>
          <Form.Item
            label={t('wishes.form.photo')}
            required
            help={hasPhoto ? t('wishes.form.photoSent') : t('wishes.form.photoRequired')}
            validateStatus={hasPhoto ? 'success' : undefined}
          >
            <Upload
              accept="image/jpeg,image/png,image/webp"
              maxCount={1}
              showUploadList={false}
              customRequest={({ file, onSuccess, onError }) => {
                sendPhoto
                  .mutateAsync(file as File)
                  .then((answer) => {
                    setHasPhoto(true);
                    onSuccess?.(answer);
                  })
                  .catch((error: Error) => onError?.(error));
              }}
            >
              <Button icon={<UploadOutlined />} loading={sendPhoto.isPending} data-testid="wish-photo">
                {t('wishes.form.choosePhoto')}
              </Button>
            </Upload>
          </Form.Item>
          <Form.Item name="note" label={t('wishes.form.note')} rules={required(t('wishes.form.noteRequired'))}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="wish-note" />
          </Form.Item>
        </>
      ) : null}
      {action === 'acknowledge' ? (
        <>
          <Form.Item name="words" label={t('wishes.form.words')} rules={required(t('wishes.form.wordsRequired'))}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="wish-words" />
          </Form.Item>
          <Form.Item name="rating" label={t('wishes.form.rating')}>
            <Rate />
          </Form.Item>
        </>
      ) : null}
    </FormModal>
  );
}
