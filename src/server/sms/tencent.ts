import { createHash, createHmac } from 'node:crypto';
import { templateIdOf, type CloudSmsSettings } from './sms-settings.js';
import { smsFailed, type SmsMessage } from './sms-message.js';

const publicEndpoint = 'https://sms.tencentcloudapi.com/';
const service = 'sms';
const signedHeaders = 'content-type;host;x-tc-action';
const contentType = 'application/json; charset=utf-8';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

/**
 * The TC3-HMAC-SHA256 Authorization header of a POST to `/` with a JSON `payload`: the canonical request's hash
 * signed with a key derived from the secret, the UTC date, the service and "tc3_request".
 */
export function tencentAuthorization(options: {
  host: string;
  action: string;
  payload: string;
  timestamp: number;
  secretId: string;
  secretKey: string;
}): string {
  const date = new Date(options.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalHeaders = `content-type:${contentType}\nhost:${options.host}\nx-tc-action:${options.action.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(options.payload)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(options.timestamp), scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${options.secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${options.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

type SendSmsAnswer = {
  Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string }[] };
};

/** SendSms of Tencent Cloud SMS (2021-01-11); the message went out when its one status says "Ok". */
export async function sendWithTencent(settings: CloudSmsSettings, message: SmsMessage): Promise<void> {
  const url = new URL(settings.endpoint ?? publicEndpoint);
  const payload = JSON.stringify({
    PhoneNumberSet: [`+86${message.phone}`],
    SmsSdkAppId: settings.appId,
    SignName: settings.signName,
    TemplateId: templateIdOf(settings, message.template),
    TemplateParamSet: Object.values(message.parameters),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const authorization = tencentAuthorization({
    host: url.host,
    action: 'SendSms',
    payload,
    timestamp,
    secretId: settings.accessKeyId,
    secretKey: settings.accessKeySecret,
  });
  const answer = await fetch(url, {
    method: 'POST',
    headers: {
      authorization,
      'content-type': contentType,
      'x-tc-action': 'SendSms',
      'x-tc-timestamp': String(timestamp),
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-guangzhou',
    },
    body: payload,
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => {
    throw smsFailed(`tencent: ${error.message}`);
  });
  const body = ((await answer.json().catch(() => ({}))) as SendSmsAnswer).Response;
  const status = body?.SendStatusSet?.[0];
  if (status?.Code !== 'Ok') {
    const problem = body?.Error ?? status;
    throw smsFailed(`tencent: ${problem?.Code ?? answer.status} ${problem?.Message ?? ''}`.trim());
  }
}
