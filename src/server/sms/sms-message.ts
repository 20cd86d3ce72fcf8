import type { ResidentNoticeKind } from '../../shared/resident-notices.js';
import { AppError } from '../errors.js';

/** The kinds of text message: the sign-in code, and what residents are told about their cases and wishes. */
export type SmsTemplateKind = 'sign_in_code' | ResidentNoticeKind;

/**
 * One text message. Real providers send only approved templates, so the message names its kind (whose template
 * the settings hold) and the template's parameters (in the template's order); `text` is what the resident reads,
 * kept by the console provider.
 */
export type SmsMessage = {
  phone: string;
  template: SmsTemplateKind;
  text: string;
  parameters: Record<string, string>;
};

export type SmsProvider = { send(message: SmsMessage): Promise<void> };

/**
 * A provider refused the message or could not be reached: the resident is told to try again later, and the
 * provider's reason stays in the error's cause, for the server's log rather than the answer.
 */
export function smsFailed(reason: string): AppError {
  const error = new AppError('sms_unavailable', {
    en: 'The text message could not be sent right now; try again in a minute.',
    zh: '短信暂时无法发送，请一分钟后再试。',
  });
  error.cause = reason;
  return error;
}
