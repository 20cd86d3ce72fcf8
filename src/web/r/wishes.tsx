import { Button, List, Rate, Selector, SpinLoading, Steps, Tag, TextArea, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { ResidentWish, ResidentWishDrives, ResidentWishes } from '../../shared/api/resident';
import { wishCategories, type WishCategory } from '../../shared/wishes';
import { request } from '../../mobile/api';
import { messageOf } from './errors';
import { useLanguage, useT } from './i18n';
import { when } from './my-cases';

/**
 * 我的心愿: a form to make a wish for oneself and the resident's wishes, newest first, each with its progress; a
 * fulfilled one asks for the resident's words to acknowledge it. A guest reads the server's answer: their village
 * registers them first.
 */
export function MyWishes() {
  const t = useT();
  const [wishes, setWishes] = useState<ResidentWish[]>();
  const [problem, setProblem] = useState<string>();

  const load = useCallback(() => {
    request<ResidentWishes>('/resident/wishes')
      .then((answer) => setWishes(answer.items))
      .catch((error: unknown) => setProblem(messageOf(error, t)));
  }, [t]);
  useEffect(load, [load]);

  if (problem) return <div className="resident-error resident-padded">{problem}</div>;
  if (!wishes) return <SpinLoading className="resident-center" />;
  return (
    <div data-testid="my-wishes">
      <WishForm onMade={load} />
      <List header={t('wishes.mine')}>{wishes.length === 0 ? <List.Item>{t('wishes.empty')}</List.Item> : null}</List>
      {wishes.map((wish) => (
        <WishCard key={wish.id} wish={wish} onChanged={load} />
      ))}
    </div>
  );
}

function WishForm(props: { onMade: () => void }) {
  const t = useT();
  const [category, setCategory] = useState<WishCategory>();
  const [content, setContent] = useState('');
  // The drives open in the resident's area today; the wish joins one only if they pick it.
  const [drives, setDrives] = useState<ResidentWishDrives['items']>([]);
  const [driveId, setDriveId] = useState<string>();
  // One client id per wish being written: a resend after a lost answer makes no second wish.
  const [clientId, setClientId] = useState(uuidv7);
  const [isSending, setIsSending] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    request<ResidentWishDrives>('/resident/wish-drives')
      .then((answer) => setDrives(answer.items))
      .catch(() => setDrives([]));
  }, []);

  const send = async () => {
    if (!category) return setProblem(t('wishes.needCategory'));
    if (!content.trim()) return setProblem(t('wishes.needContent'));
    setProblem(undefined);
    setIsSending(true);
    try {
      await request('/resident/wishes', {
        method: 'POST',
        body: { id: clientId, category, content: content.trim(), driveId: driveId ?? null },
      });
      Toast.show({ content: t('wishes.made') });
      setCategory(undefined);
      setDriveId(undefined);
      setContent('');
      setClientId(uuidv7());
      props.onMade();
    } catch (error) {
      setProblem(messageOf(error, t));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <div className="resident-say" data-testid="wish-form">
      <p className="resident-muted">{t('wishes.intro')}</p>
      <strong>{t('wishes.category')}</strong>
      <Selector
        columns={3}
        options={wishCategories.map((value) => ({ value, label: t(`wishes.categoryName.${value}`) }))}
        value={category ? [category] : []}
        onChange={(values) => setCategory(values[0])}
        data-testid="wish-category"
      />
      <strong>{t('wishes.content')}</strong>
      <TextArea
        placeholder={t('wishes.contentPlaceholder')}
        value={content}
        onChange={setContent}
        maxLength={500}
        rows={3}
        showCount
        data-testid="wish-content"
      />
      {drives.length > 0 ? (
        <>
          <strong>{t('wishes.drive')}</strong>
          <Selector
            columns={1}
            options={drives.map((drive) => ({
              value: drive.id,
              label: drive.name,
              description: t('wishes.driveEnds', { date: drive.endsOn }),
            }))}
            value={driveId ? [driveId] : []}
            onChange={(values) => setDriveId(values[0])}
            data-testid="wish-drive"
          />
        </>
      ) : null}
      {problem ? (
        <div className="resident-error" role="alert">
          {problem}
        </div>
      ) : null}
      <Button block color="primary" loading={isSending} onClick={() => void send()} data-testid="send-wish">
        {t('wishes.submit')}
      </Button>
    </div>
  );
}

function WishCard(props: { wish: ResidentWish; onChanged: () => void }) {
  const t = useT();
  const language = useLanguage();
  const { wish } = props;
  const reason = wish.rejectReason ?? wish.cancelReason;
  return (
    <div className="resident-case" data-testid="my-wish">
      <h3>
        {t(`wishes.categoryName.${wish.category}`)}{' '}
        <Tag
          color={wish.status === 'acknowledged' || wish.status === 'fulfilled' ? 'success' : 'primary'}
          fill="outline"
        >
          {t(`wishes.status.${wish.status}`)}
        </Tag>
      </h3>
      <p>{wish.content}</p>
      {wish.claimant ? (
        <p className="resident-muted">
          {t('wishes.claimedBy', {
            kind: wish.claimant.unitName ?? t(`wishes.claimantKind.${wish.claimant.kind}`),
          })}
          {wish.promisedOn ? ` · ${t('wishes.promisedOn', { date: wish.promisedOn })}` : ''}
        </p>
      ) : null}
      {reason ? <p className="resident-muted">{t('wishes.reason', { reason })}</p> : null}
      {wish.fulfilmentNote ? <p>{wish.fulfilmentNote}</p> : null}
      {wish.hasPhoto ? (
        <div className="resident-photos">
          <img src={`/api/v1/resident/wishes/${wish.id}/photo`} alt={t('wishes.photo')} />
        </div>
      ) : null}
      {wish.acknowledgement ? (
        <p data-testid="wish-acknowledgement">
          {t('wishes.yourWords', { words: wish.acknowledgement })}
          {wish.rating ? <Rate readOnly value={wish.rating} /> : null}
        </p>
      ) : null}
      {wish.status === 'fulfilled' ? <Acknowledge wish={wish} onDone={props.onChanged} /> : null}
      <Steps direction="vertical" current={wish.history.length - 1}>
        {wish.history.map((event, index) => (
          <Steps.Step
            key={index}
            status="finish"
            title={t(`wishes.action.${event.action}`)}
            description={when(event.at, language)}
          />
        ))}
      </Steps>
    </div>
  );
}

function Acknowledge(props: { wish: ResidentWish; onDone: () => void }) {
  const t = useT();
  const [words, setWords] = useState('');
  const [stars, setStars] = useState(0);
  const [problem, setProblem] = useState<string>();

  const send = async () => {
    if (!words.trim()) return setProblem(t('wishes.needWords'));
    setProblem(undefined);
    try {
      await request(`/resident/wishes/${props.wish.id}/acknowledge`, {
        method: 'POST',
        body: { version: props.wish.version, words: words.trim(), rating: stars > 0 ? stars : null },
      });
      Toast.show({ content: t('wishes.acknowledged') });
      props.onDone();
    } catch (error) {
      setProblem(messageOf(error, t));
    }
  };

  return (
    <div className="resident-say" data-testid="acknowledge-wish">
      <strong>{t('wishes.acknowledgeTitle')}</strong>
      <Rate value={stars} onChange={setStars} />
      <TextArea placeholder={t('wishes.words')} value={words} onChange={setWords} maxLength={1000} rows={3} />
      {problem ? (
        <div className="resident-error" role="alert">
          {problem}
        </div>
      ) : null}
      <Button block color="primary" onClick={() => void send()} data-testid="send-acknowledgement">
        {t('wishes.send')}
      </Button>
    </div>
  );
}
