import { Button, Dialog, List, Selector, Toast } from 'antd-mobile';
import type { Session } from '../../shared/api/session';
import { request } from '../api';
import { useT, type FieldLanguage } from '../i18n';
import { clearEverything } from '../store';
import { sendQueue } from '../sync';
import type { QueueView } from '../use-queue';

/** 我的: who is signed in, the language, the console, and signing out (which clears the phone's copy). */
export function MeScreen(props: {
  session: Session;
  queue: QueueView;
  language: FieldLanguage;
  onLanguage: (language: FieldLanguage) => void;
  onSignedOut: () => void;
}) {
  const t = useT();
  const { user } = props.session;

  const signOut = async () => {
    const count = props.queue.items.length;
    if (count > 0) {
      const choice = await new Promise<'send' | 'discard' | 'cancel'>((resolve) => {
        Dialog.show({
          content: t('me.signOutQueued', { count }),
          closeOnAction: true,
          onClose: () => resolve('cancel'),
          actions: [
            [
              { key: 'send', text: t('me.sendFirst'), onClick: () => resolve('send') },
              { key: 'discard', text: t('me.discardAndSignOut'), danger: true, onClick: () => resolve('discard') },
            ],
            { key: 'cancel', text: t('common.cancel'), onClick: () => resolve('cancel') },
          ],
        });
      });
      if (choice === 'send') return void sendQueue({ isForced: true });
      if (choice === 'cancel') return;
    } else if (!(await Dialog.confirm({ content: t('me.signOutConfirm') }))) {
      return;
    }
    // The server forgets the session when it can be reached; the phone forgets everything in any case.
    await request('/session', { method: 'DELETE' }).catch(() => undefined);
    await clearEverything();
    Toast.show({ content: t('me.cacheCleared') });
    props.onSignedOut();
  };

  return (
    <div>
      <List header={user.displayName}>
        <List.Item extra={user.username}>{t('signIn.username')}</List.Item>
        <List.Item extra={user.regionName ?? t('common.none')}>{t('me.region')}</List.Item>
        <List.Item>
          <div style={{ marginBottom: 6 }}>{t('me.language')}</div>
          <Selector
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'English', value: 'en' },
            ]}
            value={[props.language]}
            onChange={(value) => value[0] && props.onLanguage(value[0] as FieldLanguage)}
          />
        </List.Item>
        <List.Item onClick={() => window.location.assign('/')}>{t('me.console')}</List.Item>
      </List>
      <div className="field-section field-muted">{t('me.install')}</div>
      <div className="field-section">
        <Button block color="danger" onClick={() => void signOut()} data-testid="sign-out">
          {t('me.signOut')}
        </Button>
      </div>
    </div>
  );
}
