import { Button, Form, Input, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useMemo, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { Case } from '../../shared/api/cases';
import type { ResidentCategories, ResidentGrid, ResidentGrids, ResidentMe } from '../../shared/api/resident';
import { request } from '../../mobile/api';
import { messageOf } from './errors';
import { useLanguage, useT } from './i18n';

const maximumPhotos = 3;

type Position = { lat: number; lng: number };

/**
 * 我要反映: where (the phone's location, else a grid chosen by name), the kind of problem from that county's
 * catalogue, a description and up to 3 photos. It becomes a case of the grid, 群众自报. The form keeps everything
 * when sending fails, and sends again under the same client id, so a lost answer never makes a second case.
 */
export function ReportScreen(props: { me: ResidentMe; onReported: () => void }) {
  const t = useT();
  const language = useLanguage();
  const [grid, setGrid] = useState<ResidentGrid | undefined>(props.me.grid ?? undefined);
  const [position, setPosition] = useState<Position>();
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed' | 'outside'>('idle');
  const [searchText, setSearchText] = useState('');
  const [found, setFound] = useState<ResidentGrid[]>();
  const [categories, setCategories] = useState<ResidentCategories['items']>();
  const [category, setCategory] = useState<string>();
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [clientId, setClientId] = useState(uuidv7);
  const [photosSent, setPhotosSent] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  // A grid's QR poster opens /r/?grid=<code>: a report made from it goes to that grid unless the phone says otherwise.
  useEffect(() => {
    const posterGrid = new URLSearchParams(location.search).get('grid');
    if (!posterGrid) return;
    request<ResidentGrids>(`/resident/grids?q=${encodeURIComponent(posterGrid)}`)
      .then((answer) => {
        const named = answer.items.find((item) => item.code === posterGrid);
        if (named) setGrid(named);
      })
      .catch(() => undefined);
  }, []);

  const countyId = grid?.countyId;
  useEffect(() => {
    if (!countyId) return;
    request<ResidentCategories>(`/resident/categories?countyId=${countyId}`)
      .then((answer) => setCategories(answer.items))
      .catch((error: unknown) => setProblem(messageOf(error, t)));
  }, [countyId, t]);

  const locate = () => {
    if (!('geolocation' in navigator)) return setLocating('failed');
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (where) => {
        const point = { lat: where.coords.latitude, lng: where.coords.longitude };
        request<ResidentGrids>(`/resident/grids?lat=${point.lat}&lng=${point.lng}`)
          .then(({ items: [atPoint] }) => {
            if (!atPoint) return setLocating('outside');
            setPosition(point);
            setGrid(atPoint);
            setLocating('idle');
          })
          .catch((error: unknown) => {
            setLocating('failed');
            setProblem(messageOf(error, t));
          });
      },
      () => setLocating('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const search = () => {
    if (searchText.trim() === '') return;
    request<ResidentGrids>(`/resident/grids?q=${encodeURIComponent(searchText.trim())}`)
      .then((answer) => setFound(answer.items))
      .catch((error: unknown) => setProblem(messageOf(error, t)));
  };

  const choose = (chosen: ResidentGrid) => {
    setGrid(chosen);
    // A grid chosen by name replaces the phone's point: the report goes to the grid the resident named.
    setPosition(undefined);
    setFound(undefined);
  };

  const send = async () => {
    setProblem(undefined);
    if (!grid) return setProblem(t('report.needGrid'));
    if (!category) return setProblem(t('report.needCategory'));
    if (description.trim().length < 2) return setProblem(t('report.needDescription'));
    setBusy(true);
    // A photo that fails comes after the case was made: the resident is told so, and sending again adds it.
    let isSendingPhotos = false;
    try {
      const reported = await request<Case>('/cases', {
        method: 'POST',
        body: {
          id: clientId,
          category,
          description: description.trim(),
          address: address.trim(),
          ...(position ? { location: position } : { regionId: grid.id }),
        },
      });
      isSendingPhotos = true;
      for (let index = photosSent; index < photos.length; index++) {
        const photo = photos[index]!;
        const fileName = encodeURIComponent(photo.name || `photo-${index + 1}.jpg`);
        await request(`/cases/${reported.id}/photos?fileName=${fileName}`, { method: 'POST', body: photo });
        setPhotosSent(index + 1);
      }
      Toast.show({ content: t('report.done', { number: reported.number }) });
      setDescription('');
      setAddress('');
      setCategory(undefined);
      setPhotos([]);
      setPhotosSent(0);
      setClientId(uuidv7());
      props.onReported();
    } catch (error) {
      setProblem(isSendingPhotos ? `${t('report.photoFailed')} ${messageOf(error, t)}` : messageOf(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      layout="vertical"
      footer={
        <>
          {problem ? (
            <div className="resident-error" role="alert">
              {problem}
            </div>
          ) : null}
          <Button block color="primary" size="large" loading={busy} onClick={() => void send()} data-testid="send">
            {busy ? t('report.submitting') : t('report.submit')}
          </Button>
        </>
      }
    >
      <Form.Item label={t('report.location')}>
        {grid ? (
          <div className="resident-grid" data-testid="chosen-grid">
            {t('report.locatedIn', { village: grid.villageName, grid: grid.name })}
          </div>
        ) : null}
        {locating === 'failed' ? <div className="resident-muted">{t('report.locationFailed')}</div> : null}
        {locating === 'outside' ? <div className="resident-muted">{t('report.noGridHere')}</div> : null}
        <Button size="small" onClick={locate} loading={locating === 'busy'} data-testid="locate">
          {t('report.locate')}
        </Button>
        <div className="resident-muted resident-gap">{t('report.gridSearch')}</div>
        <div className="resident-search">
          <Input
            placeholder={t('report.gridSearchPlaceholder')}
            value={searchText}
            onChange={setSearchText}
            onEnterPress={search}
            maxLength={50}
            data-testid="grid-search"
          />
          <Button size="small" onClick={search} data-testid="grid-search-button">
            {t('report.search')}
          </Button>
        </div>
        {found && found.length === 0 ? <div className="resident-muted">{t('report.noGrids')}</div> : null}
        {found && found.length > 0 ? (
          <ul className="resident-choices">
            {found.map((item) => (
              <li key={item.id}>
                <button type="button" onClick={() => choose(item)}>
                  {item.villageName} {item.name}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </Form.Item>
      <Form.Item label={t('report.category')}>
        {categories === undefined ? <div className="resident-muted">{t('report.noCategories')}</div> : null}
        <Selector
          columns={2}
          options={(categories ?? []).map((item) => ({
            label: language === 'en' ? item.name.en : item.name.zh,
            value: item.code,
          }))}
          value={category ? [category] : []}
          onChange={(value) => setCategory(value[0])}
        />
      </Form.Item>
      <Form.Item label={t('report.description')}>
        <TextArea
          placeholder={t('report.descriptionPlaceholder')}
          value={description}
          onChange={setDescription}
          maxLength={4000}
          rows={4}
          data-testid="description"
        />
      </Form.Item>
      <Form.Item label={t('report.photos')}>
        <PhotoPicker photos={photos} sent={photosSent} onChange={setPhotos} />
      </Form.Item>
      <Form.Item label={t('report.address')}>
        <Input
          placeholder={t('report.addressPlaceholder')}
          value={address}
          onChange={setAddress}
          maxLength={200}
          data-testid="address"
        />
      </Form.Item>
    </Form>
  );
}

/** Up to 3 photos from the camera or the album; a photo already sent with the report stays. */
function PhotoPicker(props: { photos: File[]; sent: number; onChange: (photos: File[]) => void }) {
  const t = useT();
  const urls = useMemo(() => props.photos.map((photo) => URL.createObjectURL(photo)), [props.photos]);
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls]);
  return (
    <div className="resident-photos">
      {urls.map((url, index) => (
        <img
          key={url}
          src={url}
          alt=""
          onClick={() => {
            if (index >= props.sent) props.onChange(props.photos.filter((_photo, other) => other !== index));
          }}
        />
      ))}
      {props.photos.length < maximumPhotos ? (
        <label className="resident-camera">
          {t('report.addPhoto')}
          <input
            type="file"
            accept="image/*"
            multiple
            data-testid="photo"
            onChange={(event) => {
              const chosen = [...(event.target.files ?? [])];
              event.target.value = '';
              props.onChange([...props.photos, ...chosen].slice(0, maximumPhotos));
            }}
          />
        </label>
      ) : null}
    </div>
  );
}
