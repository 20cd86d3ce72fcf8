import { createHmac, randomUUID } from 'node:crypto';
import { templateIdOf, type CloudSmsSettings } from './sms-settings.js';
import { smsFailed, type SmsMessage } from './sms-message.js';

const publicEndpoint = 'https://dysmsapi.aliyuncs.com/';

/** RFC 3986 encoding as Alibaba Cloud's RPC signature wants it: encodeURIComponent leaves !'()* alone. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The RPC signature (SignatureVersion 1.0): HMAC-SHA1, keyed by the secret and "&", of the method, the encoded path
 * and the encoded, sorted query.
 */
export function aliyunSignature(method: string, parameters: Record<string, string>, secret: string): string {
  const query = Object.keys(parameters)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(query)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/** SendSms of Alibaba Cloud SMS (dysmsapi, 2017-05-25); anything but Code "OK" is a failure. */
export async function sendWithAliyun(settings: CloudSmsSettings, message: SmsMessage): Promise<void> {
  const parameters: Record<string, string> = {
    AccessKeyId: settings.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: message.phone,
    RegionId: 'cn-hangzhou',
    SignName: settings.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: templateIdOf(settings, message.template),
    TemplateParam: JSON.stringify(message.parameters),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  const url = new URL(settings.endpoint ?? publicEndpoint);
  url.search = new URLSearchParams({
    ...parameters,
    Signature: aliyunSignature('GET', parameters, settings.accessKeySecret),
  }).toString();
  const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => {
    throw smsFailed(`aliyun: ${error.message}`);
  });
  const body = (await answer.json().catch(() => ({}))) as { Code?: string; Message?: string };
  if (body.Code !== 'OK') throw smsFailed(`aliyun: ${body.Code ?? answer.status} ${body.Message ?? ''}`.trim());
}
