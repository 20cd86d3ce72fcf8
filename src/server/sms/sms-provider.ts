import { uuidv7 } from 'uuidv7';
import type { Database } from '../db/client.js';
import { sendWithAliyun } from './aliyun.js';
import { smsFailed, type SmsProvider } from './sms-message.js';
import type { SmsSettings } from './sms-settings.js';
import { insertOutboxMessage } from './sms-outbox.repository.js';
import { sendWithTencent } from './tencent.js';

/** The provider the settings name; `console` writes to the outbox that administrators read. */
export function openSmsProvider(settings: SmsSettings, db: Database): SmsProvider {
  switch (settings.kind) {
    case 'console':
      return { send: ({ phone, text }) => insertOutboxMessage(db, { id: uuidv7(), phone, text }) };
    case 'none':
      return {
        send: () => Promise.reject(smsFailed('No SMS provider is set: SMS_PROVIDER=aliyun or tencent turns it on.')),
      };
    case 'aliyun':
      return { send: (message) => sendWithAliyun(settings, message) };
    case 'tencent':
      return { send: (message) => sendWithTencent(settings, message) };
  }
}
