import { smsFailed, type SmsTemplateKind } from './sms-message.js';

export const smsProviderKinds = ['console', 'aliyun', 'tencent'] as const;

/**
 * The setting naming each kind's approved template. A real provider sends only approved templates (a template code
 * and its parameters, never free text), so each kind has its own; the sign-in code's is required.
 */
export const smsTemplateSettings = {
  sign_in_code: 'SMS_TEMPLATE_ID',
  case_handled: 'SMS_TEMPLATE_CASE_HANDLED',
  case_closed: 'SMS_TEMPLATE_CASE_CLOSED',
  wish_claimed: 'SMS_TEMPLATE_WISH_CLAIMED',
  wish_fulfilled: 'SMS_TEMPLATE_WISH_FULFILLED',
} as const satisfies Record<SmsTemplateKind, string>;

/**
 * How the server sends text messages, read from the SMS_* settings (config.ts): `none` in production until a real
 * provider is set, so an installation without the residents' channel still starts and says why it sends no code.
 */
export type SmsSettings = { kind: 'console' } | { kind: 'none' } | CloudSmsSettings;

/** A real provider's account and approved templates. */
export type CloudSmsSettings = {
  kind: 'aliyun' | 'tencent';
  /** The API's address; undefined: the provider's public one. */
  endpoint: string | undefined;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名) shown before the text. */
  signName: string;
  /**
   * The approved template of each kind of message (Aliyun's TemplateCode, Tencent's TemplateId); a kind without one
   * is not sent (the sign-in code's is required).
   */
  templates: { sign_in_code: string } & Partial<Record<SmsTemplateKind, string>>;
  /** Tencent's SmsSdkAppId; empty for Aliyun. */
  appId: string;
};

/** The approved template of a message's kind, or the failure that names the setting it needs. */
export function templateIdOf(settings: CloudSmsSettings, kind: SmsTemplateKind): string {
  const id = settings.templates[kind];
  if (id === undefined) throw smsFailed(`no template for ${kind}: set ${smsTemplateSettings[kind]}`);
  return id;
}
