import { Button, Dialog, List, Space, Tag, TextArea } from 'antd-mobile';
import { useState, useSyncExternalStore } from 'react';
import type { Navigate } from '../navigation';
import { useT } from '../i18n';
import type { QueuedRecord } from '../store';
import { discard, resend, sendQueue, subscribe, syncState } from '../sync';
import type { QueueView } from '../use-queue';
import { shortTime } from './parts';

const statusColors = { waiting: 'default', sending: 'primary', failed: 'danger', conflict: 'warning' } as const;

/**
 * 待上传: every record not yet acknowledged, with its state and, when the server refused it, the reason in the
 * server's words; a refused record is fixed (its text) and sent again, or discarded on purpose — never dropped.
 */
export function QueueScreen(props: { queue: QueueView; fixId?: string; navigate: Navigate }) {
  const t = useT();
  const sync = useSyncExternalStore(subscribe, syncState);
  const items = props.queue.items;
  return (
    <div>
      <div className="field-section">
        <div data-testid="queue-summary">
          {items.length ? t('queue.count', { count: items.length }) : t('queue.empty')}
        </div>
        {sync.needsSignIn ? <div className="field-error">{t('queue.signInToSend')}</div> : null}
        {items.length ? (
          <Button
            block
            color="primary"
            style={{ marginTop: 8 }}
            loading={sync.isSending}
            onClick={() => void sendQueue({ isForced: true })}
          >
            {t('queue.sendNow')}
          </Button>
        ) : null}
      </div>
      <List>
        {items.map((record) =>
          props.fixId === record.id ? (
            <FixRecord key={record.id} record={record} onDone={() => props.navigate({ name: 'queue' })} />
          ) : (
            <List.Item
              key={record.id}
              data-testid="queued-record"
              description={
                <div>
                  <div>
                    {shortTime(record.createdAt)}
                    {record.photos.length ? ` · ${t('queue.photos', { count: record.photos.length })}` : ''}
                  </div>
                  {record.error && record.status !== 'sending' ? (
                    <div className={record.status === 'waiting' ? 'field-muted' : 'field-error'}>
                      {record.error.code === 'network' ? t('queue.networkError') : record.error.message}
                    </div>
                  ) : null}
                  {record.status === 'failed' || record.status === 'conflict' ? (
                    <Space style={{ marginTop: 6 }}>
                      <Button size="mini" onClick={() => props.navigate({ name: 'fix', recordId: record.id })}>
                        {t('queue.fix')}
                      </Button>
                      <Button size="mini" onClick={() => void resend(record)}>
                        {t('common.retry')}
                      </Button>
                      <Button
                        size="mini"
                        color="danger"
                        fill="outline"
                        onClick={() =>
                          void Dialog.confirm({ content: t('queue.discardConfirm') }).then(async (isConfirmed) => {
                            if (isConfirmed) await discard(record.id);
                          })
                        }
                      >
                        {t('common.discard')}
                      </Button>
                    </Space>
                  ) : null}
                </div>
              }
              extra={<Tag color={statusColors[record.status]}>{t(`queue.statuses.${record.status}`)}</Tag>}
            >
              {t(`queue.kinds.${record.kind}`)} · {record.label}
            </List.Item>
          ),
        )}
      </List>
    </div>
  );
}

/** The text a user fixes on a refused record: what was found, described or noted. */
function textOf(record: QueuedRecord): string {
  switch (record.kind) {
    case 'visit':
      return record.body.findings ?? '';
    case 'case':
      return record.body.description;
    case 'inspection':
      return record.body.notes ?? '';
    case 'dispute':
      return record.body.summary;
    case 'session':
      return record.body.notes;
    case 'deposit':
      return record.body.reason;
    case 'wish':
      return record.body.content;
    case 'recheck':
      return record.body.notes ?? '';
    case 'outcome':
      return record.body.outcome === 'settled' ? record.body.agreement : record.body.note;
  }
}

function withText(record: QueuedRecord, text: string): QueuedRecord {
  switch (record.kind) {
    case 'visit':
      return { ...record, body: { ...record.body, findings: text } };
    case 'case':
      return { ...record, body: { ...record.body, description: text }, label: text.slice(0, 30) };
    case 'inspection':
      return { ...record, body: { ...record.body, notes: text } };
    case 'dispute':
      return { ...record, body: { ...record.body, summary: text }, label: text.slice(0, 30) };
    case 'session':
      return { ...record, body: { ...record.body, notes: text } };
    case 'deposit':
      return { ...record, body: { ...record.body, reason: text } };
    case 'wish':
      return { ...record, body: { ...record.body, content: text } };
    case 'recheck':
      return { ...record, body: { ...record.body, notes: text } };
    case 'outcome':
      return record.body.outcome === 'settled'
        ? { ...record, body: { ...record.body, agreement: text } }
        : { ...record, body: { ...record.body, note: text } };
  }
}

/** Changes the text of a refused record and sends it again. */
function FixRecord(props: { record: QueuedRecord; onDone: () => void }) {
  const t = useT();
  const { record } = props;
  const [text, setText] = useState(() => textOf(record));
  const save = async () => {
    const fixed = withText(record, text);
    props.onDone();
    await resend(fixed);
  };
  return (
    <List.Item description={record.error ? <div className="field-error">{record.error.message}</div> : null}>
      <TextArea value={text} onChange={setText} rows={4} maxLength={4000} />
      <Space style={{ marginTop: 6 }}>
        <Button size="small" color="primary" onClick={() => void save()}>
          {t('common.save')}
        </Button>
        <Button size="small" onClick={props.onDone}>
          {t('common.cancel')}
        </Button>
      </Space>
    </List.Item>
  );
}
