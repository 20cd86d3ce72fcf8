import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { reportBody, transitionBody } from '../../../shared/api/cases.js';
import type { Open311ClientList } from '../../../shared/api/open311.js';
import type { AttributeDatatype, CaseEventAction, CaseKind, CaseStatus } from '../../../shared/cases.js';
import { regionCodeWidth } from '../../../shared/policy.js';
import { assertCan, systemActor, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { FileStore } from '../../storage/file-store.js';
import { withoutMetadata } from '../../storage/photo-metadata.js';
import { photoTypeOf } from '../../storage/photos.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import { addPhoto, type PhotoLimits } from '../cases/case-photos.service.js';
import { transitionCase } from '../cases/case-transitions.service.js';
import { reportCase } from '../cases/cases.service.js';
import { listCategories, loadCounty } from '../cases/catalogue.service.js';
import { listCounties } from '../regions/regions.service.js';
import type { Parameters } from './form-data.js';
import { List, type GeoReportValue } from './georeport.js';
import * as repository from './open311.repository.js';

/** A county as an Open311 jurisdiction: its 6-digit division code is the `jurisdiction_id`. */
export type Jurisdiction = { id: string; code: string; name: string };

export type Open311Client = { id: string; name: string; countyId: string };

const badRequest = (en: string, zh: string) => new AppError('validation_failed', { en, zh });

/**
 * The county a request is for. An installation with one county serves it without `jurisdiction_id`; with several
 * the client must name one. A code this installation does not serve answers 404.
 */
export async function findJurisdiction(db: Database, jurisdictionId: string | undefined): Promise<Jurisdiction> {
  const counties = await listCounties(db);
  const county =
    jurisdictionId === undefined
      ? counties.length === 1
        ? counties[0]
        : undefined
      : counties.find((candidate) => candidate.code === jurisdictionId);
  if (jurisdictionId === undefined && county === undefined) {
    throw badRequest(
      'Give jurisdiction_id: the 6-digit division code of the county.',
      '请提供 jurisdiction_id：县级行政区划代码（6 位）。',
    );
  }
  if (county === undefined) {
    throw new AppError('not_found', {
      en: `This endpoint does not serve the jurisdiction ${jurisdictionId}.`,
      zh: `本接口不受理辖区 ${jurisdictionId} 的请求。`,
    });
  }
  return { id: county.countyId ?? county.id, code: county.code, name: county.name };
}

/** The endpoint acting within a county, named on the timeline by the client application that posted. */
function actorFor(county: Jurisdiction, client?: Open311Client): Actor {
  const scope = { regionId: county.id, regionCode: county.code, countyId: county.id };
  const actor = client
    ? systemActor('open311', { scope, details: { clientId: client.id, clientName: client.name } })
    : systemActor('open311', { scope });
  return { ...actor, displayName: client?.name ?? 'Open311' };
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Requests each client has sent in the current minute, by client id. */
const minuteWindows = new Map<string, { startedAt: number; count: number }>();

function takeFromRateLimit(client: { id: string; requestsPerMinute: number }, now = Date.now()): void {
  const window = minuteWindows.get(client.id);
  if (window === undefined || now - window.startedAt >= 60_000) {
    minuteWindows.set(client.id, { startedAt: now, count: 1 });
    return;
  }
  window.count += 1;
  if (window.count > client.requestsPerMinute) {
    const retryAfterSeconds = Math.ceil((window.startedAt + 60_000 - now) / 1000);
    throw new AppError(
      'rate_limited',
      {
        en: `This key may send ${client.requestsPerMinute} requests a minute; try again in ${retryAfterSeconds} s.`,
        zh: `此密钥每分钟最多 ${client.requestsPerMinute} 次请求，请 ${retryAfterSeconds} 秒后重试。`,
      },
      undefined,
      retryAfterSeconds,
    );
  }
}

/** The client application a POST's `api_key` names: 403 without a live key of this county. */
export async function authenticateClient(
  db: Database,
  county: Jurisdiction,
  apiKey: string | undefined,
): Promise<Open311Client> {
  const client = apiKey === undefined ? undefined : await repository.findClientByKeyHash(db, hashKey(apiKey));
  if (client === undefined || client.countyId !== county.id) {
    throw new AppError('forbidden', {
      en: 'Posting needs a valid api_key of this jurisdiction.',
      zh: '提交需要本辖区有效的 api_key。',
    });
  }
  takeFromRateLimit(client);
  return { id: client.id, name: client.name, countyId: client.countyId };
}

/** GeoReport's groups: the kinds of the catalogue. */
const groupNames: Record<CaseKind, string> = {
  need: '服务需求',
  hazard: '安全隐患',
  dispute: '矛盾纠纷',
  livelihood: '民生诉求',
};

async function activeCategories(db: Database, county: Jurisdiction) {
  return (await listCategories(db, actorFor(county), county.id)).filter((category) => category.isActive);
}

/** The county's grid item catalogue as services; an item with extra questions has metadata (a definition). */
export async function listServices(db: Database, county: Jurisdiction): Promise<GeoReportValue> {
  return new List(
    'service',
    (await activeCategories(db, county)).map((category) => ({
      service_code: category.code,
      service_name: category.nameZh,
      description: category.nameEn,
      metadata: category.attributes.length > 0,
      type: 'realtime',
      keywords: [category.nameZh, category.nameEn].join(','),
      group: groupNames[category.kind],
    })),
  );
}

export async function getServiceDefinition(db: Database, county: Jurisdiction, code: string): Promise<GeoReportValue> {
  const category = (await activeCategories(db, county)).find((candidate) => candidate.code === code);
  if (category === undefined) {
    throw new AppError('not_found', {
      en: `The jurisdiction has no service ${code}.`,
      zh: `本辖区没有服务 ${code}。`,
    });
  }
  return {
    service_code: category.code,
    attributes: new List(
      'attribute',
      [...category.attributes]
        .sort((left, right) => left.order - right.order)
        .map((attribute) => ({
          variable: true,
          code: attribute.code,
          datatype: attribute.datatype,
          required: attribute.required,
          datatype_description: datatypeDescriptions[attribute.datatype],
          order: attribute.order,
          description: attribute.description ? `${attribute.nameZh}：${attribute.description}` : attribute.nameZh,
          values: new List(
            'value',
            attribute.values.map((value) => ({ key: value.key, name: value.name })),
          ),
        })),
    ),
  };
}

/** What a client shows a person beside a field of each datatype. */
const datatypeDescriptions: Record<AttributeDatatype, string> = {
  string: '简短文字',
  text: '文字说明',
  number: '数字',
  datetime: '日期时间，如 2026-12-06T09:30:00+08:00',
  singlevaluelist: '单选',
  multivaluelist: '多选',
};

/**
 * A W3C date-time (`2026-12-06T09:30:00+08:00`, `…Z`, `…+0800`), or a day, read as the start of that day in China.
 * Anything else is a 400 naming the parameter.
 */
export function parseW3cDate(name: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(text);
  const [, year, month, day, hour = '00', minute = '00', , zone = '+08:00'] = match ?? [];
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const isValid =
    match !== null && Number(day) >= 1 && Number(day) <= daysInMonth && Number(hour) < 24 && Number(minute) < 60;
  const date = isValid
    ? new Date(
        `${text.slice(0, 10)}T${text.slice(11, 19) || '00:00:00'}${zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`,
      )
    : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw badRequest(
      `${name} must be a W3C date-time such as 2026-12-06T09:30:00+08:00.`,
      `${name} 须为 W3C 日期时间，如 2026-12-06T09:30:00+08:00。`,
    );
  }
  return date;
}

function w3c(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A window of time asked for: 90 days up to its end by default. */
function windowOf(parameters: Parameters): { from: Date; to: Date } {
  const to = parseW3cDate('end_date', parameters.get('end_date')) ?? new Date();
  const from = parseW3cDate('start_date', parameters.get('start_date')) ?? new Date(to.getTime() - 90 * 86_400_000);
  if (from > to) throw badRequest('start_date is after end_date.', 'start_date 晚于 end_date。');
  return { from, to };
}

const maximumResults = 1000;
const closedStatuses: CaseStatus[] = ['closed', 'merged'];

/** A published case's photo at its public address under the endpoint (`…/open311/v2/`), or '' without one. */
function mediaUrl(endpoint: string, caseNumber: string, photo: string | null): string {
  return photo === null ? '' : `${endpoint}media/${encodeURIComponent(caseNumber)}/${photo}`;
}

function presentRequest(endpoint: string, row: repository.PublicRequestRow) {
  return {
    service_request_id: row.number,
    status: closedStatuses.includes(row.status) ? 'closed' : 'open',
    status_notes: row.result ?? '',
    service_name: row.categoryName ?? row.categoryCode,
    service_code: row.categoryCode,
    description: row.description,
    agency_responsible: row.department ?? '',
    service_notice: '',
    requested_datetime: w3c(row.reportedAt),
    updated_datetime: w3c(row.updatedAt),
    expected_datetime: row.deadline === null ? '' : w3c(row.deadline),
    address: row.address,
    address_id: '',
    zipcode: '',
    lat: row.latitude,
    long: row.longitude,
    media_url: mediaUrl(endpoint, row.number, row.photo),
  };
}

/** The statuses of ours an Open311 `status` filter means. */
function statusesOf(text: string | undefined): CaseStatus[] | undefined {
  if (text === undefined) return undefined;
  const asked = text.split(',').map((item) => item.trim().toLowerCase());
  if (asked.some((item) => item !== 'open' && item !== 'closed')) {
    throw badRequest('status must be open, closed or both.', 'status 只能是 open、closed 或二者。');
  }
  const open: CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified', 'returned'];
  return [
    ...(asked.includes('open') ? [...open, 'parked' as const] : []),
    ...(asked.includes('closed') ? closedStatuses : []),
  ];
}

/**
 * Published requests: by `service_request_id` (a comma list, all else ignored, as the spec says), or by
 * service_code, status and a window of their report time.
 */
export async function listRequests(db: Database, county: Jurisdiction, endpoint: string, parameters: Parameters) {
  const ids = parameters.get('service_request_id');
  const rows = ids
    ? await repository.listPublicRequests(db, {
        countyId: county.id,
        numbers: ids.split(',').map((id) => id.trim()),
        limit: maximumResults,
      })
    : await repository.listPublicRequests(db, {
        countyId: county.id,
        categoryCode: parameters.get('service_code'),
        statuses: statusesOf(parameters.get('status')),
        ...windowOf(parameters),
        limit: maximumResults,
      });
  return new List(
    'request',
    rows.map((row) => presentRequest(endpoint, row)),
  );
}

function requestNotFound(id: string) {
  return new AppError('case_not_found', {
    en: `No service request ${id} in this jurisdiction.`,
    zh: `本辖区没有服务请求 ${id}。`,
  });
}

export async function getRequest(db: Database, county: Jurisdiction, endpoint: string, id: string) {
  const [row] = await repository.listPublicRequests(db, { countyId: county.id, numbers: [id], limit: 1 });
  if (row === undefined) throw requestNotFound(id);
  return new List('request', [presentRequest(endpoint, row)]);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A token is the case's id, for clients that ask for the request id by token. */
export async function findToken(db: Database, county: Jurisdiction, token: string) {
  const [row] = uuidPattern.test(token)
    ? await repository.listPublicRequests(db, { countyId: county.id, ids: [token], limit: 1 })
    : [];
  if (row === undefined) throw requestNotFound(token);
  return new List('request', [{ service_request_id: row.number, token: row.id }]);
}

/** An attribute code as FixMyStreet sends it: a code that is not ASCII arrives percent-encoded once more. */
function decodedCode(code: string): string {
  try {
    return /%[0-9a-f]{2}/i.test(code) ? decodeURIComponent(code) : code;
  } catch {
    return code;
  }
}

function numberParameter(parameters: Parameters, name: string): number {
  const value = Number(parameters.get(name));
  if (parameters.get(name) === undefined || !Number.isFinite(value)) {
    throw badRequest(`Give ${name} as a number (WGS84).`, `请以数字给出 ${name}（WGS84）。`);
  }
  return value;
}

/** The photos of a request, `photo1`, `photo2`… in order; each must be a photo before anything is recorded. */
function photosOf(parameters: Parameters) {
  const photos = parameters.files
    .filter((file) => /^photo\d+$/.test(file.field))
    .sort((left, right) => Number(left.field.slice(5)) - Number(right.field.slice(5)));
  for (const photo of photos) photoTypeOf(photo.content);
  return photos;
}

/** The first problem of a body our own schema refused, as a 400. */
function refused(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const [issue] = issues;
  const field = issue?.path.join('.') ?? '';
  return badRequest(`${field}: ${issue?.message ?? 'invalid'}`, `${field}：内容不符合要求。`);
}

/**
 * Files a service request as a case of the county, routed to the grid that holds its point; the answer carries its
 * number at once. Its answers to the service's attributes are checked against the definition and kept on the case;
 * media links are kept with the description, where handlers read them.
 */
export async function createRequest(
  db: Database,
  files: FileStore,
  limits: PhotoLimits,
  county: Jurisdiction,
  client: Open311Client,
  parameters: Parameters,
) {
  const code = parameters.get('service_code');
  if (code === undefined) throw badRequest('Give service_code.', '请提供 service_code。');
  const lat = numberParameter(parameters, 'lat');
  const lng = numberParameter(parameters, 'long');
  const description = parameters.get('description') ?? '';
  if (description.length > 4000) {
    throw badRequest('description is longer than 4000 characters.', 'description 超过 4000 字。');
  }
  const actor = actorFor(county, client);
  const category = (await activeCategories(db, county)).find((candidate) => candidate.code === code);
  if (category === undefined) {
    throw badRequest(`The jurisdiction has no service ${code}.`, `本辖区没有服务 ${code}。`);
  }
  const photos = photosOf(parameters);
  const attributes = Object.fromEntries(
    // One value is an answer; several, the keys chosen of a multiple choice.
    [...parameters.attributes()].map(([attribute, values]) => [
      decodedCode(attribute),
      values.length === 1 ? values[0]! : values,
    ]),
  );
  const mediaLinks = parameters.getAll('media_url').map((url) => `图片：${url}`);
  const name = [parameters.get('last_name'), parameters.get('first_name')].filter(Boolean).join('');
  const parsed = reportBody.safeParse({
    category: code,
    description: [description || category.nameZh, ...mediaLinks].join('\n').slice(0, 4000),
    attributes,
    location: { lat, lng },
    address: parameters.get('address_string') ?? '',
    source: 'open311',
    // A simple matter is closed on the spot, with its answer: a report from afar waits for a handler instead.
    tier: category.defaultTier === 'simple' ? 'general' : category.defaultTier,
    residentName: name || undefined,
    residentPhone: parameters.get('phone'),
  });
  if (!parsed.success) throw refused(parsed.error.issues);
  const made = await reportCase(db, actor, parsed.data);
  for (const photo of photos) {
    await addPhoto(db, files, actor, made.id, { fileName: photo.fileName, content: photo.content }, limits);
  }
  return new List('request', [{ service_request_id: made.number, service_notice: '', account_id: '' }]);
}

/** What a resident sees of each step of a case, in FixMyStreet's statuses. */
const updateStatusOf: Record<CaseStatus, string> = {
  reported: 'OPEN',
  accepted: 'INVESTIGATING',
  dispatched: 'ACTION_SCHEDULED',
  in_progress: 'IN_PROGRESS',
  handled: 'IN_PROGRESS',
  verified: 'FIXED',
  closed: 'FIXED',
  returned: 'NOT_COUNCILS_RESPONSIBILITY',
  parked: 'NO_FURTHER_ACTION',
  merged: 'DUPLICATE',
};

/** Public words for each step; the notes handlers write to each other are never sent. */
const publicTextOf: Record<CaseStatus, string> = {
  reported: '已登记，等待受理。',
  accepted: '已受理，正在核实。',
  dispatched: '已派给处置人员。',
  in_progress: '正在处置。',
  handled: '已处置，等待核查。',
  verified: '已核查办结。',
  closed: '已办结。',
  returned: '已退回。',
  parked: '已挂账，暂缓处置。',
  merged: '与另一件重复，已合并办理。',
};

/** The timeline entries an Open311 client hears of: every public change and the comments clients posted. */
const publicActions: CaseEventAction[] = [
  'accept',
  'return',
  'dispatch',
  'claim',
  'start',
  'handle',
  'self_handle',
  'verify',
  'reopen',
  'close',
  'escalate',
  'park',
  'resume',
  'merge',
  'comment',
];

/** Notes that are public: the result of a closing, the reason a report was sent back, a client's own comment. */
const actionsWithPublicNote: CaseEventAction[] = ['close', 'handle', 'self_handle', 'return', 'comment'];

function presentUpdate(endpoint: string, row: repository.PublicEventRow) {
  const status =
    row.action === 'reopen' ? 'REOPEN' : row.action === 'escalate' ? 'INTERNAL_REFERRAL' : updateStatusOf[row.toStatus];
  return {
    update_id: row.id,
    service_request_id: row.caseNumber,
    status,
    updated_datetime: w3c(row.at),
    description: actionsWithPublicNote.includes(row.action) && row.note ? row.note : publicTextOf[row.toStatus],
    media_url: mediaUrl(endpoint, row.caseNumber, row.photo),
  };
}

/** The public changes of published requests within a window (90 days by default). */
export async function listUpdates(db: Database, county: Jurisdiction, endpoint: string, parameters: Parameters) {
  const rows = await repository.listPublicEvents(db, {
    countyId: county.id,
    actions: publicActions,
    ...windowOf(parameters),
    limit: maximumResults,
  });
  return new List(
    'request_update',
    rows
      // A handler's comment is a note between colleagues; only comments posted over Open311 are public.
      .filter((row) => row.action !== 'comment' || row.actorId === null)
      // Handing a case back to whoever dispatched it is an internal step.
      .filter((row) => row.action !== 'return' || row.toStatus === 'returned')
      .map((row) => presentUpdate(endpoint, row)),
  );
}

/**
 * A client's update (a resident's comment, a request to reopen) lands on the case's timeline as a comment, named
 * by the client application; the answer is its update_id.
 */
export async function postUpdate(db: Database, county: Jurisdiction, client: Open311Client, parameters: Parameters) {
  const number = parameters.get('service_request_id');
  if (number === undefined) throw badRequest('Give service_request_id.', '请提供 service_request_id。');
  parseW3cDate('updated_datetime', parameters.get('updated_datetime'));
  const [row] = await repository.listPublicRequests(db, { countyId: county.id, numbers: [number], limit: 1 });
  if (row === undefined) throw requestNotFound(number);
  const status = parameters.get('status')?.toUpperCase();
  const note = [
    status === 'REOPEN' ? '居民申请重新办理。' : undefined,
    parameters.get('description'),
    ...parameters.getAll('media_url').map((url) => `图片：${url}`),
  ]
    .filter(Boolean)
    .join('\n');
  const parsed = transitionBody.safeParse({ action: 'comment', note: note || undefined });
  if (!parsed.success) throw refused(parsed.error.issues);
  await transitionCase(db, actorFor(county, client), row.id, parsed.data);
  const updateId = await repository.findLatestEventId(db, county.id, row.id);
  return new List('request_update', [{ update_id: updateId ?? '' }]);
}

/**
 * A photo of a published case at its public address, without the camera's metadata (its GPS position among them).
 * A token of another case, of a case not published, or unknown, answers 404 alike.
 */
export async function getPublicPhoto(
  db: Database,
  files: FileStore,
  caseNumber: string,
  fileName: string,
): Promise<{ contentType: string; content: Buffer }> {
  const notFound = new AppError('not_found', { en: 'No such photo.', zh: '没有这张照片。' });
  const token = /^([0-9a-f-]{36})\.(?:jpg|png|webp)$/i.exec(fileName)?.[1];
  if (token === undefined || !uuidPattern.test(token)) throw notFound;
  const photo = await repository.findPublicPhoto(db, caseNumber, token.toLowerCase());
  if (photo === undefined) throw notFound;
  const stream = await files.get(photo.storageKey);
  if (!stream) throw notFound;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  const content = withoutMetadata(Buffer.concat(chunks), photo.contentType);
  if (content === undefined) throw notFound;
  return { contentType: photo.contentType, content };
}

/** A new client key: 32 random bytes, shown once; only its hash is kept. */
function newKey(): string {
  return `o311_${randomBytes(32).toString('base64url')}`;
}

/**
 * Adds a client application to a county and answers its key, which is shown only now. County administrators (and
 * the command line) may.
 */
export async function addClient(
  db: Database,
  actor: Actor,
  input: { name: string; countyId?: string | undefined; requestsPerMinute?: number | undefined },
): Promise<{ id: string; name: string; key: string }> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, input.countyId);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw badRequest('Name the client application (up to 100 characters).', '请填写客户端名称（不超过 100 字）。');
  }
  const key = newKey();
  const id = uuidv7();
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertClient(transaction, {
      id,
      countyId: county.id,
      name,
      keyHash: hashKey(key),
      keyPrefix: key.slice(0, 9),
      requestsPerMinute: input.requestsPerMinute ?? 60,
    });
    return {
      result: { id, name, key },
      audit: {
        action: 'open311_client.create',
        entityType: 'open311_client',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { name },
      },
    };
  });
}

/** The county's client applications, newest first, with where a client connects (county administrators). */
export async function listClients(db: Database, actor: Actor, countyId?: string): Promise<Open311ClientList> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  const rows = await repository.listClients(db, county.id);
  return {
    endpointPath: '/open311/v2/',
    jurisdictionId: county.code.slice(0, regionCodeWidth.county),
    items: rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    })),
  };
}

/** Revokes a client's key at once: its next POST answers 403. A key revoked already, or unknown, answers 404. */
export async function revokeClient(db: Database, actor: Actor, id: string, countyId?: string): Promise<void> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const revoked = await repository.revokeClient(transaction, county.id, id);
    if (revoked === undefined) {
      throw new AppError('not_found', {
        en: 'No live Open311 client with this id in the county.',
        zh: '本县没有此 Open311 客户端，或其密钥已吊销。',
      });
    }
    return {
      result: undefined,
      audit: {
        action: 'open311_client.revoke',
        entityType: 'open311_client',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { name: revoked.name },
      },
    };
  });
}

/** The county whose division code the command line names. */
export async function countyIdOfCode(db: Database, code: string): Promise<string> {
  return (await findJurisdiction(db, code)).id;
}
