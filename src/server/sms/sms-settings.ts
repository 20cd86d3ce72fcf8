export const smsProviderKinds = ['console', 'aliyun', 'tencent'] as const;

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
  /** The approved template of the sign-in code (Aliyun's TemplateCode, Tencent's TemplateId). */
  templateId: string;
  /** Tencent's SmsSdkAppId; empty for Aliyun. */
  appId: string;
};
