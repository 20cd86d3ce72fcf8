import type { Session } from '../src/shared/api/session.js';
import type { SmsOutbox } from '../src/shared/api/resident.js';
import { cookiesOf, expectStatus, type Agent, type ApiResponse, type TestApp } from './helpers.js';

/** Asks for a sign-in code for the phone and signs in with the code the console outbox shows (read by `reader`). */
export async function requestResidentSignIn(
  test: TestApp,
  reader: Agent,
  phone: string,
  address: string,
): Promise<ApiResponse> {
  const sent = await test.app.inject({
    method: 'POST',
    url: '/api/v1/resident/code',
    payload: { phone },
    remoteAddress: address,
  });
  expectStatus(sent, 200);
  const outbox = (await reader.get('/api/v1/sms-outbox')).json<SmsOutbox>();
  const code = /验证码是 (\d{6})/.exec(outbox.items.find((item) => item.phone === phone)!.text)![1]!;
  return test.app.inject({
    method: 'POST',
    url: '/api/v1/resident/session',
    payload: { phone, code },
    remoteAddress: address,
  });
}

/** A signed-in resident, talking to the API as their browser does. */
export async function signInResident(test: TestApp, reader: Agent, phone: string, address: string): Promise<Agent> {
  const signedIn = await requestResidentSignIn(test, reader, phone, address);
  expectStatus(signedIn, 200);
  const session = signedIn.json<Session>();
  const cookies = cookiesOf(signedIn);
  const request: Agent['request'] = (method, url, body, headers = {}) =>
    test.app.inject({
      method,
      url,
      remoteAddress: address,
      cookies,
      headers: method === 'GET' ? headers : { 'x-csrf-token': session.csrfToken, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    username: session.user.username,
    user: session.user,
    session,
    cookies,
    address,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    patch: (url, body) => request('PATCH', url, body),
    put: (url, body) => request('PUT', url, body),
    delete: (url) => request('DELETE', url),
  };
}
