import { List, Switch, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { ResidentMe, ResidentNotices, ResidentSettings } from '../../shared/api/resident';
import type { ResidentNoticeKind } from '../../shared/resident-notices';
import { request } from '../../mobile/api';
import { messageOf } from './errors';
import { useLanguage, useT } from './i18n';
import { when } from './my-cases';

/** The tab that shows a notice's case or wish. */
const tabOf: Record<ResidentNoticeKind, 'cases' | 'wishes'> = {
  case_handled: 'cases',
  case_closed: 'cases',
  wish_claimed: 'wishes',
  wish_fulfilled: 'wishes',
};

/**
 * 我的消息: what the resident was told about their cases and wishes (the same events as their text messages, so a
 * resident without them still learns them), each opening its tab, and the switch that turns the text messages off.
 */
export function MyNotices(props: { me: ResidentMe; onOpen: (tab: 'cases' | 'wishes') => void }) {
  const t = useT();
  const language = useLanguage();
  const [notices, setNotices] = useState<ResidentNotices['items']>();
  const [smsNotices, setSmsNotices] = useState(props.me.smsNotices);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    request<ResidentNotices>('/resident/notices')
      .then((answer) => setNotices(answer.items))
      // The list is a help beside the tabs that show the same records: without it 我的 still works.
      .catch(() => setNotices([]));
  }, []);

  const switchSms = async (isOn: boolean) => {
    setIsSaving(true);
    try {
      const saved = await request<ResidentSettings>('/resident/settings', {
        method: 'PUT',
        body: { smsNotices: isOn },
      });
      setSmsNotices(saved.smsNotices);
      Toast.show({ content: t(saved.smsNotices ? 'notices.smsOn' : 'notices.smsOff') });
    } catch (error) {
      Toast.show({ content: messageOf(error, t) });
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <List header={t('notices.title')} data-testid="notices">
      {(notices ?? []).slice(0, 10).map((notice) => (
        <List.Item
          key={notice.id}
          description={when(notice.createdAt, language)}
          onClick={() => props.onOpen(tabOf[notice.kind])}
          data-testid="notice"
        >
          {t(`notices.kind.${notice.kind}`, { number: notice.number ?? '' })}
        </List.Item>
      ))}
      {notices?.length === 0 ? <List.Item>{t('notices.empty')}</List.Item> : null}
      <List.Item
        description={t('notices.smsHint')}
        extra={
          <Switch
            checked={smsNotices}
            loading={isSaving}
            onChange={(isOn) => void switchSms(isOn)}
            data-testid="sms-notices"
          />
        }
      >
        {t('notices.sms')}
      </List.Item>
    </List>
  );
}
