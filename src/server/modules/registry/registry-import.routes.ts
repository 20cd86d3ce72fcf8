import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import {
  exportQuery,
  importParams,
  importRecordSchema,
  ledgerPreviewSchema,
  recheckLedgerBody,
  startImportBody,
  uploadLedgerQuery,
  uploadParams,
  type ColumnOverrides,
  type ImportEvent,
  type LedgerPreview,
} from '../../../shared/api/registry-import.js';
import { requireActor } from '../../auth/authenticate.js';
import { AppError, preferredLanguage } from '../../errors.js';
import { errorResponses } from '../../http.js';
import { findUpload, keepUpload, reviseUpload, takeUpload } from './pending-uploads.js';
import { problemReportFileName, writeProblemReport, writeTemplate } from './ledger/write-ledger.js';
import { exportPersons } from './registry-export.service.js';
import {
  getImport,
  getImportRecord,
  importLedger,
  listedProblems,
  previewLedger,
  type LedgerSummary,
  type LedgerUpload,
} from './registry-import.service.js';
import { listTags } from './tags.service.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const uploadLimit = 200 * 1024 * 1024;
const tags = ['registry import and export'];

/** What a preview answers, the first one and every re-check alike. */
function previewBody(uploadId: string, summary: LedgerSummary): LedgerPreview {
  return {
    uploadId,
    headerRowNumber: summary.headerRowNumber,
    columns: summary.columns,
    totalRows: summary.totalRows,
    validRows: summary.validRows,
    errorRows: summary.errorRows,
    problemCount: summary.problems.length,
    problems: summary.problems.slice(0, listedProblems),
    sample: summary.sample,
  };
}

/** The overrides as JSON carries them (keys are text) to the column indexes the engine takes. */
function toColumnOverrides(overrides: ColumnOverrides | undefined): LedgerUpload['overrides'] {
  if (!overrides) return undefined;
  return Object.fromEntries(Object.entries(overrides).map(([index, field]) => [Number(index), field]));
}

function attachment(fileName: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function registryImportRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.context;
  // Uploads arrive as the file's own bytes (no multipart), whatever type the browser gives them.
  for (const type of [xlsxType, 'text/csv', 'application/octet-stream', 'application/vnd.ms-excel']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) =>
      done(null, body),
    );
  }

  routes.get(
    '/registry/import-template',
    { schema: { tags, summary: 'The ledger template (.xlsx) with every column the import knows' } },
    async (request, reply) => {
      // Only the tags the caller may see: a sensitive one is unknown to a role that may not read it.
      const content = await writeTemplate({ tagDefinitions: await listTags(db, requireActor(request)) });
      return reply.type(xlsxType).header('content-disposition', attachment('居民信息台账模板.xlsx')).send(content);
    },
  );

  routes.post(
    '/registry/imports/preview',
    {
      bodyLimit: uploadLimit,
      schema: {
        tags,
        summary:
          'Upload a ledger (.xlsx or .csv, raw bytes) and see its columns, problems and a sample; nothing is written',
        querystring: uploadLedgerQuery,
        response: { 200: ledgerPreviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError('bad_request', {
          en: 'Send the file itself as the request body.',
          zh: '请将文件本身作为请求体发送。',
        });
      }
      const upload = { regionId: request.query.regionId, fileName: request.query.fileName, content: request.body };
      const summary = await previewLedger(db, actor, upload);
      return previewBody(await keepUpload(db, files, actor, upload, summary.totalRows), summary);
    },
  );

  routes.post(
    '/registry/imports/:uploadId/preview',
    {
      schema: {
        tags,
        summary:
          'Check a previewed upload again with a column mapping (overrides by column index, as the import takes ' +
          'them): the problems the import will find; the import that follows uses this mapping unless it sends one',
        params: uploadParams,
        body: recheckLedgerBody,
        response: { 200: ledgerPreviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { uploadId } = request.params;
      const { upload } = await findUpload(db, files, actor, uploadId);
      const overrides = toColumnOverrides(request.body.overrides);
      const summary = await previewLedger(db, actor, { ...upload, overrides });
      await reviseUpload(db, actor, uploadId, overrides, summary.totalRows);
      return previewBody(uploadId, summary);
    },
  );

  routes.post(
    '/registry/imports',
    {
      schema: {
        tags,
        summary:
          'Import a previewed upload (valid rows all or nothing). The answer streams one JSON line per event ' +
          '(application/x-ndjson, each line an ImportEvent of the contract): running with processedRows/totalRows, ' +
          'then done with the figures or failed.',
        body: startImportBody,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { upload, totalRows } = await takeUpload(db, files, actor, request.body.uploadId);
      const overrides = toColumnOverrides(request.body.overrides) ?? upload.overrides;
      const importId = uuidv7();
      // Progress travels on this answer: a second request could not be served while PGlite holds the transaction.
      const events = new PassThrough();
      const send = (event: ImportEvent) => events.write(`${JSON.stringify(event)}\n`);
      const running = (processedRows: number) => send({ importId, status: 'running', processedRows, totalRows });
      running(0);
      importLedger(db, actor, { ...upload, overrides }, { importId, onProgress: running })
        .then((result) =>
          send({
            importId,
            status: 'done',
            processedRows: result.totalRows,
            totalRows: result.totalRows,
            inserted: result.inserted,
            updated: result.updated,
            unchanged: result.unchanged,
            errorRows: result.errorRows,
            problems: result.problems.slice(0, listedProblems),
          }),
        )
        .catch((error: unknown) => {
          request.log.error(error);
          const known = error instanceof AppError ? error : undefined;
          send({
            importId,
            status: 'failed',
            totalRows,
            error: {
              code: known?.code ?? 'internal_error',
              message: known?.message ?? 'The import failed; nothing was written.',
            },
          });
        })
        .finally(() => events.end());
      return reply.type('application/x-ndjson').header('cache-control', 'no-store').send(events);
    },
  );

  routes.get(
    '/registry/imports/:id',
    {
      schema: {
        tags,
        summary: 'The result of a finished import',
        params: importParams,
        response: { 200: importRecordSchema, ...errorResponses },
      },
    },
    async (request) => getImport(db, requireActor(request), request.params.id),
  );

  routes.get(
    '/registry/imports/:id/report',
    {
      schema: {
        tags,
        summary:
          'The problems of an import as an .xlsx report, in the language of Accept-Language (Chinese without one)',
        params: importParams,
      },
    },
    async (request, reply) => {
      const record = await getImportRecord(db, requireActor(request), request.params.id);
      // The console says which language it shows; a request that names none gets the county's, Chinese.
      const acceptLanguage = request.headers['accept-language'];
      const language = acceptLanguage === undefined ? 'zh' : preferredLanguage(acceptLanguage);
      const content = await writeProblemReport(record.problems, { fileName: record.fileName, language });
      return reply
        .type(xlsxType)
        .header('content-disposition', attachment(problemReportFileName(record.fileName, language)))
        .send(content);
    },
  );

  routes.get(
    '/registry/export',
    {
      schema: {
        tags,
        summary: 'The filtered people as an .xlsx ledger (masked unless reveal=true with a reason; audited)',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { reveal, reason, ...query } = request.query;
      const output = new PassThrough();
      const done = exportPersons(db, actor, query, { isAsked: reveal, reason }, output);
      // Errors before the first byte (scope, permission) still answer as JSON.
      await Promise.race([done, new Promise((resolve) => output.once('readable', resolve))]);
      done.catch((error: unknown) => output.destroy(error as Error));
      return reply.type(xlsxType).header('content-disposition', attachment('居民信息台账.xlsx')).send(output);
    },
  );
}
