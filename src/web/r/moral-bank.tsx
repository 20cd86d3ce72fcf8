import { List } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { ResidentMoralBank } from '../../shared/api/resident';
import { ApiError, request } from '../../mobile/api';
import { useLanguage, useT } from './i18n';
import { when } from './my-cases';

/**
 * 我的积分: the resident's moral-bank balance and latest entries. A resident the registry does not know yet has no
 * account (404 account_not_found): they read that it appears once the village registers them.
 */
export function MyMoralBank() {
  const t = useT();
  const language = useLanguage();
  // undefined while loading or when it failed; null: no account yet.
  const [bank, setBank] = useState<ResidentMoralBank | null>();

  useEffect(() => {
    request<ResidentMoralBank>('/resident/moral-bank')
      .then(setBank)
      .catch((error: unknown) =>
        setBank(error instanceof ApiError && error.code === 'account_not_found' ? null : undefined),
      );
  }, []);

  if (bank === undefined) return null;
  if (bank === null) {
    return (
      <p className="resident-muted resident-padded" data-testid="moral-bank-none">
        {t('bank.none')}
      </p>
    );
  }
  return (
    <List header={t('bank.title')} data-testid="moral-bank">
      <List.Item extra={<strong data-testid="moral-bank-balance">{bank.balance}</strong>}>
        {t('bank.balance')}
      </List.Item>
      {bank.entries.map((entry, index) => (
        <List.Item
          key={index}
          description={`${t(`bank.kind.${entry.kind}`)} · ${when(entry.at, language)}`}
          extra={entry.points > 0 ? `+${entry.points}` : String(entry.points)}
        >
          {entry.reason}
        </List.Item>
      ))}
      {bank.entries.length === 0 ? <List.Item>{t('bank.empty')}</List.Item> : null}
    </List>
  );
}
