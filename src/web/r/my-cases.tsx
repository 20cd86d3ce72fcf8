import { Button, Dialog, List, Rate, SpinLoading, Steps, Tag, TextArea, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import type { Case, CaseDetail } from '../../shared/api/cases';
import type { CaseAction } from '../../shared/cases';
import { request } from '../../mobile/api';
import { messageOf } from './errors';
import { useLanguage, useT } from './i18n';

/** The timeline entries whose words are the resident's own or the answer to them: a staff note stays inside. */
const actionsWithPublicNote = new Set(['report', 'handle', 'self_handle', 'reopen', 'rate']);

export function when(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** 我的反映: the resident's own reports, newest first; one opens with its progress and, once handled, their say. */
export function MyCases() {
  const t = useT();
  const language = useLanguage();
  const [cases, setCases] = useState<Case[]>();
  const [openId, setOpenId] = useState<string>();
  const [problem, setProblem] = useState<string>();

  const load = useCallback(() => {
    request<{ items: Case[] }>('/cases?limit=50')
      .then((answer) => setCases(answer.items))
      .catch((error: unknown) => setProblem(messageOf(error, t)));
  }, [t]);
  useEffect(load, [load]);

  if (openId) {
    return (
      <CaseScreen
        id={openId}
        onBack={() => {
          setOpenId(undefined);
          load();
        }}
      />
    );
  }
  if (problem) return <div className="resident-error">{problem}</div>;
  if (!cases) return <SpinLoading className="resident-center" />;
  if (cases.length === 0) return <div className="resident-empty">{t('cases.empty')}</div>;
  return (
    <List data-testid="my-cases">
      {cases.map((item) => (
        <List.Item
          key={item.id}
          onClick={() => setOpenId(item.id)}
          description={`${t('cases.reportedAt', { time: when(item.reportedAt, language) })} · ${item.regionName}`}
          extra={<StatusTag status={item.status} />}
          data-testid="my-case"
        >
          {item.description}
        </List.Item>
      ))}
    </List>
  );
}

function StatusTag(props: { status: Case['status'] }) {
  const t = useT();
  const color =
    props.status === 'closed'
      ? 'success'
      : props.status === 'handled' || props.status === 'verified'
        ? 'primary'
        : 'warning';
  return (
    <Tag color={color} fill="outline">
      {t(`status.${props.status}`)}
    </Tag>
  );
}

/** One report: what it was, its progress, the grid's result and photos; when handled, 确认解决 and rate, or reopen. */
function CaseScreen(props: { id: string; onBack: () => void }) {
  const t = useT();
  const language = useLanguage();
  const [detail, setDetail] = useState<CaseDetail>();
  const [problem, setProblem] = useState<string>();
  const [step, setStep] = useState<'ask' | 'rate' | 'reopen'>('ask');
  const [stars, setStars] = useState(0);
  const [words, setWords] = useState('');

  const load = useCallback(() => {
    request<CaseDetail>(`/cases/${props.id}`)
      .then(setDetail)
      .catch((error: unknown) => setProblem(messageOf(error, t)));
  }, [props.id, t]);
  useEffect(load, [load]);

  const act = async (action: CaseAction, body: Record<string, unknown>, done: string) => {
    setProblem(undefined);
    try {
      await request(`/cases/${props.id}/transitions`, {
        method: 'POST',
        body: { action, version: detail!.version, ...body },
      });
      Toast.show({ content: done });
      setStep('ask');
      setWords('');
      load();
    } catch (error) {
      setProblem(messageOf(error, t));
    }
  };

  const rate = () => {
    if (stars < 1) return setProblem(t('cases.needRating'));
    const note = words.trim();
    void act('rate', { rating: stars, ...(note ? { note } : {}) }, t('cases.rated'));
  };

  const reopen = () => {
    if (words.trim().length < 2) return setProblem(t('cases.needReason'));
    void Dialog.confirm({ content: t('cases.sendReopen') }).then((isSure) => {
      if (isSure) void act('reopen', { reason: words.trim() }, t('cases.reopened'));
    });
  };

  if (!detail) {
    return problem ? <div className="resident-error">{problem}</div> : <SpinLoading className="resident-center" />;
  }
  // Rated once is confirmed: the page asks no more, though the resident may still say it came back.
  const canRate = detail.abilities.includes('rate') && detail.rating === null;
  const canReopen = detail.abilities.includes('reopen');
  return (
    <div className="resident-case" data-testid="case-detail">
      <Button size="small" fill="none" onClick={props.onBack}>
        ‹ {t('cases.back')}
      </Button>
      <h2>
        {language === 'en' ? detail.categoryName?.en : detail.categoryName?.zh} <StatusTag status={detail.status} />
      </h2>
      <p className="resident-muted">
        {detail.number} · {detail.regionName}
        {detail.address ? ` · ${detail.address}` : ''}
      </p>
      <p>{detail.description}</p>
      {detail.files.length > 0 ? (
        <div className="resident-photos">
          {detail.files.map((file) => (
            <img key={file.id} src={`/api/v1/cases/${detail.id}/photos/${file.id}`} alt={file.fileName} />
          ))}
        </div>
      ) : null}
      {detail.result ? (
        <p data-testid="case-result">
          <strong>{t('cases.result')}：</strong>
          {detail.result}
        </p>
      ) : null}
      {detail.rating !== null ? (
        <p data-testid="case-rating">
          {t('cases.rating', { stars: detail.rating })} <Rate readOnly value={detail.rating} />
        </p>
      ) : null}

      {canRate || canReopen ? (
        <div className="resident-say" data-testid="resident-say">
          {step === 'ask' ? (
            <>
              <strong>{t('cases.askSolved')}</strong>
              <div className="resident-buttons">
                {canRate ? (
                  <Button color="primary" onClick={() => setStep('rate')} data-testid="confirm-solved">
                    {t('cases.confirm')}
                  </Button>
                ) : null}
                {canReopen ? (
                  <Button onClick={() => setStep('reopen')} data-testid="still-there">
                    {t('cases.stillThere')}
                  </Button>
                ) : null}
              </div>
            </>
          ) : step === 'rate' ? (
            <>
              <strong>{t('cases.rateTitle')}</strong>
              <Rate value={stars} onChange={setStars} />
              <TextArea placeholder={t('cases.comment')} value={words} onChange={setWords} maxLength={500} rows={3} />
              <Button block color="primary" onClick={rate} data-testid="send-rating">
                {t('cases.sendRating')}
              </Button>
            </>
          ) : (
            <>
              <strong>{t('cases.reopenTitle')}</strong>
              <TextArea
                placeholder={t('cases.reopenReason')}
                value={words}
                onChange={setWords}
                maxLength={2000}
                rows={3}
              />
              <Button block color="warning" onClick={reopen} data-testid="send-reopen">
                {t('cases.sendReopen')}
              </Button>
            </>
          )}
        </div>
      ) : null}
      {problem ? (
        <div className="resident-error" role="alert">
          {problem}
        </div>
      ) : null}

      <h3>{t('cases.timeline')}</h3>
      <Steps direction="vertical" current={detail.timeline.length - 1}>
        {detail.timeline.map((entry) => (
          <Steps.Step
            key={entry.id}
            status="finish"
            title={t(`action.${entry.action}`)}
            description={
              <>
                <span>{when(entry.at, language)}</span>
                {entry.note && actionsWithPublicNote.has(entry.action) ? <div>{entry.note}</div> : null}
              </>
            }
          />
        ))}
      </Steps>
    </div>
  );
}
