import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Empty, Image, Space } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePhoto } from '../../../shared/api/cases';
import { casePhotoUrl, useAddCasePhotos } from './cases-api';

/**
 * A button that takes photos with the phone's rear camera (or picks them on a desktop). The input itself is hidden;
 * the button opens it.
 */
export function PhotoInput({
  label,
  onFiles,
  isLoading = false,
  testId,
}: {
  label: string;
  onFiles: (files: File[]) => void;
  isLoading?: boolean;
  testId: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button icon={<CameraOutlined />} loading={isLoading} onClick={() => inputRef.current?.click()}>
        {label}
      </Button>
      <input
        ref={inputRef}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        className="case-file-input"
        tabIndex={-1}
        aria-hidden
        data-testid={testId}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared, so that choosing the same photo again still counts as a change.
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}

/** A case's photos as thumbnails that open a preview, and (for those who may) a button to add more. */
export function CasePhotos({ caseId, photos, canAdd }: { caseId: string; photos: CasePhoto[]; canAdd: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const addPhotos = useAddCasePhotos(caseId);
  return (
    <Space orientation="vertical" size={12} className="full-width">
      {photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.detail.noPhotos')} />
      ) : (
        <Image.PreviewGroup>
          <Space wrap size={8} data-testid="case-photos">
            {photos.map((photo) => (
              <Image key={photo.id} src={casePhotoUrl(caseId, photo.id)} alt={photo.fileName} className="case-photo" />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {canAdd ? (
        <PhotoInput
          label={t('cases.detail.addPhoto')}
          isLoading={addPhotos.isPending}
          testId="case-photo-input"
          onFiles={(files) =>
            addPhotos.mutate(files, { onSuccess: () => void message.success(t('cases.detail.photoAdded')) })
          }
        />
      ) : null}
    </Space>
  );
}
