import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { Database } from '../src/server/db/client.js';
import { caseFiguresSchema, caseMapQuery, caseMapSchema, figuresQuery } from '../src/shared/api/case-figures.js';
import { caseSettingsSchema, categoryBody, categorySchema, countyQuery } from '../src/shared/api/case-catalogue.js';
import {
  addedPhotoSchema,
  addPhotoQuery,
  caseAssigneeSchema,
  caseDetailSchema,
  caseSchema,
  listCasesQuery,
  reportBody,
  transitionBody,
} from '../src/shared/api/cases.js';
import { revealQuery } from '../src/shared/api/common.js';
import { markReadBody, notificationSchema, notificationsQuery, unreadSchema } from '../src/shared/api/notifications.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};
type Operation = {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
};
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const fieldsOf = (schema: z.ZodObject) => Object.keys(schema.shape).sort();
const propertiesOf = (schema: JsonSchema | undefined) => Object.keys(schema?.properties ?? {}).sort();
/** The fields each alternative of a union names, as the document lists them. */
const alternativesOf = (schema: JsonSchema | undefined) => (schema?.anyOf ?? schema?.oneOf ?? []).map(propertiesOf);

/**
 * The OpenAPI document describes every endpoint of the cases module from the API contract (src/shared/api) that the
 * console and the tests import: each query, body and answer with the contract's fields, so a route that answered or
 * took something else than the contract would show here.
 */
describe('the OpenAPI document of the case endpoints', () => {
  let document: OpenApiDocument;
  let close: () => Promise<void>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-openapi-'));

  beforeAll(async () => {
    // The document is built from the routes alone: no database is asked.
    const unreachable = { execute: () => Promise.reject(new Error('not asked')) } as unknown as Database;
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const app = await buildApp({ db: unreachable, config });
    close = () => app.close();
    document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
  });

  afterAll(async () => {
    await close?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const operation = (method: string, route: string) => {
    const found = document.paths[`/api/v1${route}`]?.[method];
    expect(found, `${method} ${route}`).toBeDefined();
    return found!;
  };
  const answer = (method: string, route: string, status = '200') =>
    operation(method, route).responses[status]?.content?.['application/json']?.schema;
  const body = (method: string, route: string) =>
    operation(method, route).requestBody?.content['application/json']?.schema;
  const queryOf = (method: string, route: string) =>
    (operation(method, route).parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name)
      .sort();

  it('lists every case endpoint with the contract’s queries and bodies', () => {
    expect(queryOf('get', '/case-categories')).toEqual(fieldsOf(countyQuery));
    expect(propertiesOf(body('put', '/case-categories/{code}'))).toEqual(fieldsOf(categoryBody));
    expect(queryOf('get', '/case-settings')).toEqual(fieldsOf(countyQuery));
    expect(propertiesOf(body('put', '/case-settings'))).toEqual(fieldsOf(caseSettingsSchema));
    expect(propertiesOf(body('post', '/cases'))).toEqual(fieldsOf(reportBody));
    expect(queryOf('get', '/cases')).toEqual(fieldsOf(listCasesQuery));
    expect(queryOf('get', '/cases/{id}')).toEqual(fieldsOf(revealQuery));
    expect(propertiesOf(body('post', '/cases/{id}/transitions'))).toEqual(fieldsOf(transitionBody));
    expect(queryOf('post', '/cases/{id}/photos')).toEqual(fieldsOf(addPhotoQuery));
    expect(operation('get', '/cases/{id}/photos/{photoId}')).toBeDefined();
    expect(queryOf('get', '/cases/figures')).toEqual(fieldsOf(figuresQuery));
    expect(queryOf('get', '/cases/map')).toEqual(fieldsOf(caseMapQuery));
    expect(queryOf('get', '/notifications')).toEqual(fieldsOf(notificationsQuery));
    expect(alternativesOf(body('post', '/notifications/read'))).toEqual(
      markReadBody.options.map((option) => fieldsOf(option)),
    );
  });

  it('describes every answer with the contract’s fields', () => {
    const listed = (schema: JsonSchema | undefined) => schema?.properties?.items?.items;
    expect(propertiesOf(listed(answer('get', '/case-categories')))).toEqual(fieldsOf(categorySchema));
    expect(propertiesOf(answer('put', '/case-categories/{code}'))).toEqual(fieldsOf(categorySchema));
    expect(propertiesOf(answer('get', '/case-settings'))).toEqual(fieldsOf(caseSettingsSchema));
    expect(propertiesOf(answer('put', '/case-settings'))).toEqual(fieldsOf(caseSettingsSchema));
    expect(propertiesOf(answer('post', '/cases', '201'))).toEqual(fieldsOf(caseSchema));
    expect(propertiesOf(listed(answer('get', '/cases')))).toEqual(fieldsOf(caseSchema));
    expect(propertiesOf(answer('get', '/cases/{id}'))).toEqual(fieldsOf(caseDetailSchema));
    expect(propertiesOf(listed(answer('get', '/cases/{id}/assignees')))).toEqual(fieldsOf(caseAssigneeSchema));
    expect(propertiesOf(answer('post', '/cases/{id}/transitions'))).toEqual(fieldsOf(caseSchema));
    expect(propertiesOf(answer('post', '/cases/{id}/photos', '201'))).toEqual(fieldsOf(addedPhotoSchema));
    expect(propertiesOf(answer('get', '/cases/figures'))).toEqual(fieldsOf(caseFiguresSchema));
    expect(propertiesOf(answer('get', '/cases/map'))).toEqual(fieldsOf(caseMapSchema));
    expect(propertiesOf(listed(answer('get', '/notifications')))).toEqual(fieldsOf(notificationSchema));
    expect(propertiesOf(answer('post', '/notifications/read'))).toEqual(fieldsOf(unreadSchema));
  });
});
