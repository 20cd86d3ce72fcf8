import { Button } from 'antd-mobile';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n';

/** Photos from the camera (or the gallery), kept as files until the record is sent. */
export function PhotoPicker(props: { photos: File[]; onChange: (photos: File[]) => void }) {
  const t = useT();
  const urls = useMemo(() => props.photos.map((photo) => URL.createObjectURL(photo)), [props.photos]);
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls]);
  return (
    <div className="field-photos">
      {urls.map((url, index) => (
        <img
          key={url}
          src={url}
          alt=""
          onClick={() => props.onChange(props.photos.filter((_photo, other) => other !== index))}
        />
      ))}
      {props.photos.length < 9 ? (
        <label className="field-camera">
          {t('visit.addPhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            data-testid="camera"
            onChange={(event) => {
              const chosen = [...(event.target.files ?? [])];
              event.target.value = '';
              props.onChange([...props.photos, ...chosen].slice(0, 9));
            }}
          />
        </label>
      ) : null}
    </div>
  );
}

export type Position = { lat: number; lng: number };

/** The phone's position, asked for only when the user taps (it is optional on every form). */
export function LocationButton(props: { position?: Position; onChange: (position: Position | undefined) => void }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'locating' | 'failed'>('idle');
  const locate = () => {
    if (!('geolocation' in navigator)) return setState('failed');
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (found) => {
        setState('idle');
        props.onChange({ lat: found.coords.latitude, lng: found.coords.longitude });
      },
      () => setState('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <div>
      {props.position ? (
        <span className="field-muted">
          {t('visit.located', { lat: props.position.lat.toFixed(5), lng: props.position.lng.toFixed(5) })}
        </span>
      ) : null}
      {state === 'failed' ? <span className="field-muted">{t('visit.noLocation')}</span> : null}
      <Button size="small" onClick={locate} loading={state === 'locating'} style={{ marginLeft: 8 }}>
        {t('visit.locate')}
      </Button>
    </div>
  );
}

export function photosOf(files: File[]) {
  return files.map((file, index) => ({ blob: file as Blob, fileName: file.name || `photo-${index + 1}.jpg` }));
}

/** A short time for the lists: 12-06 14:05. */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A form's footer: why the record was not saved, if it was not, above its save button. */
export function SaveFooter(props: { problem?: string | undefined; label: string; testId: string; onSave: () => void }) {
  return (
    <>
      {props.problem ? <div className="field-error">{props.problem}</div> : null}
      <Button block color="primary" size="large" onClick={props.onSave} data-testid={props.testId}>
        {props.label}
      </Button>
    </>
  );
}
