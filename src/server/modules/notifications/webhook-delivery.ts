import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { WebhookFormat } from '../../../shared/cases.js';
import type { RobotMessage } from '../../../shared/notifications.js';
import type { Database, Executor } from '../../db/client.js';
import * as repository from './notifications.repository.js';
import { robotText } from './robot-messages.js';
import { checkedLookup, isInternalAddress } from './webhook-address.js';

/** After this many failed attempts (about an hour of retries) a message is given up on. */
export const maxAttempts = 8;
const firstPauseSeconds = 30;
const longestPauseSeconds = 3600;
/** Longer than any send takes, so another instance retakes a message only from a worker that died. */
const leaseSeconds = 60;

/** A county's group robot, as the module that keeps the county's settings hands it over. */
export type GroupRobot = { url: string; format: WebhookFormat; secret?: string | undefined };

export type DeliveryCounts = { delivered: number; retrying: number; failed: number };

/** The pause before the next attempt: 30 s, then doubling with each failure, at most an hour. */
export function retryPauseSeconds(attempts: number): number {
  return Math.min(firstPauseSeconds * 2 ** Math.max(attempts - 1, 0), longestPauseSeconds);
}

/**
 * A DingTalk robot with signing (加签) takes the send time and an HMAC-SHA256 of "timestamp\nsecret" in the URL.
 * DingTalk compares the time with its own clock (within an hour), so it is this machine's, not the database's.
 */
export function signDingTalkUrl(url: string, secret: string, timestamp = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestamp));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/** The robot's complaint when it answers 2xx with an error code (WeCom and DingTalk answer {errcode: 0} if well). */
function robotComplaint(text: string): string | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { errcode, errmsg } = (answer ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (errcode === undefined || errcode === 0) return undefined;
  return `errcode ${String(errcode)}: ${String(errmsg ?? '')}`;
}

export type PostOptions = {
  timeoutMilliseconds: number;
  isPrivateAllowed: boolean;
  headers?: Record<string, string> | undefined;
};

/** Posts a JSON body and answers the status and the text of the reply; redirects are not followed. */
function post(url: URL, body: string, options: PostOptions) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        // The connection goes to the addresses this lookup checked, never to a second answer of DNS.
        lookup: checkedLookup(options.isPrivateAllowed),
        signal: AbortSignal.timeout(options.timeoutMilliseconds),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Posts a JSON body to an outside receiver; answers the HTTP status (null without an answer) and why it failed, or
 * no error once the receiver took it. A host that is, or resolves to, an address inside this machine or a private
 * network is refused unless the settings allow it (DNS may have changed since the URL was saved).
 */
export async function postJson(
  url: string,
  body: string,
  options: PostOptions,
): Promise<{ status: number | null; text: string; error: string | undefined }> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!options.isPrivateAllowed && net.isIP(host) !== 0 && isInternalAddress(host)) {
    return { status: null, text: '', error: `${host} is an internal address: only public addresses are posted to` };
  }
  try {
    const response = await post(target, body, options);
    const error = response.status >= 300 ? `HTTP ${response.status}: ${response.text.slice(0, 200)}` : undefined;
    return { ...response, error };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return { status: null, text: '', error: `No answer within ${options.timeoutMilliseconds / 1000} s` };
    }
    return { status: null, text: '', error: error instanceof Error ? error.message : String(error) };
  }
}

/** Sends one robot message; answers why it failed, or undefined once the robot took it. */
async function send(url: string, body: unknown, options: PostOptions): Promise<string | undefined> {
  const answer = await postJson(url, JSON.stringify(body), options);
  return answer.error ?? robotComplaint(answer.text);
}

/** The URL to post to now: the queued one, signed when the county's settings give its DingTalk robot a secret. */
function urlToSend(delivery: repository.WebhookDelivery, robots: readonly GroupRobot[]): string {
  const robot = robots.find((candidate) => candidate.url === delivery.url);
  return robot?.format === 'dingtalk' && robot.secret ? signDingTalkUrl(delivery.url, robot.secret) : delivery.url;
}

/** A text message as both WeCom and DingTalk group robots take it, worded now from what was queued. */
function robotBody(delivery: repository.WebhookDelivery) {
  // The row holds what queueRobotMessage wrote: a kind with the parameters of that kind.
  const message = { kind: delivery.kind, params: delivery.params } as RobotMessage;
  return { msgtype: 'text', text: { content: robotText(message) } };
}

/**
 * Sends the group robot messages that are due, batch by batch, outside any request and outside any transaction
 * (a slow robot holds no lock). A failed message is retried after a growing pause and given up on after
 * `maxAttempts`. Safe on several instances at once: each claims its own messages.
 */
export async function deliverWebhooks(
  db: Database,
  options: {
    /** The county's robots as its settings name them now (a DingTalk robot's secret may have changed). */
    robotsOf: (db: Executor, countyId: string) => Promise<readonly GroupRobot[]>;
    batchSize?: number;
    timeoutMilliseconds?: number;
    isPrivateAllowed?: boolean;
  },
): Promise<DeliveryCounts> {
  const batchSize = options.batchSize ?? 20;
  const sending = {
    timeoutMilliseconds: options.timeoutMilliseconds ?? 5000,
    isPrivateAllowed: options.isPrivateAllowed ?? false,
  };
  const counts: DeliveryCounts = { delivered: 0, retrying: 0, failed: 0 };
  const robotsOfCounty = new Map<string, Promise<readonly GroupRobot[]>>();
  for (;;) {
    const batch = await repository.claimDueDeliveries(db, batchSize, leaseSeconds);
    await Promise.all(
      batch.map(async (delivery) => {
        if (!robotsOfCounty.has(delivery.countyId)) {
          robotsOfCounty.set(delivery.countyId, options.robotsOf(db, delivery.countyId));
        }
        const robots = await robotsOfCounty.get(delivery.countyId)!;
        const error = await send(urlToSend(delivery, robots), robotBody(delivery), sending);
        if (error === undefined) {
          await repository.recordDelivered(db, delivery.id);
          counts.delivered += 1;
          return;
        }
        const isFinal = delivery.attempts >= maxAttempts;
        await repository.recordFailure(db, delivery.id, {
          error: error.slice(0, 500),
          retrySeconds: retryPauseSeconds(delivery.attempts),
          isFinal,
        });
        counts[isFinal ? 'failed' : 'retrying'] += 1;
      }),
    );
    if (batch.length < batchSize) return counts;
  }
}
