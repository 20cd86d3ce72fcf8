import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { requireActor } from '../../auth/authenticate.js';
import { AppError } from '../../errors.js';
import { errorResponses } from '../../http.js';
import { revealQuery } from '../../../shared/api/common.js';
import { findUpload, keepUpload, reviseUpload, takeUpload } from './pending-uploads.js';
import { ledgerFields } from './ledger/map-columns.js';
import { problemReportFileName, writeProblemReport, writeTemplate } from './ledger/write-ledger.js';
import { exportPersons } from './registry-export.service.js';
import {
  getImportRecord,
  importLedger,
  previewLedger,
  type LedgerSummary,
  type LedgerUpload,
} from './registry-import.service.js';
import { personQuery } from './registry.schemas.js';
import { listTags } from './tags.service.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const uploadLimit = 200 * 1024 * 1024;
const tags = ['registry import and export'];

const problemSchema = z.object({
  row: z.number(),
  column: z.string(),
  problem: z.string(),
  code: z.string().optional(),
});
const columnSchema = z.object({ index: z.number(), header: z.string(), field: z.enum(ledgerFields).nullable() });
const overridesSchema = z.record(z.string().regex(/^\d+$/), z.enum(ledgerFields).nullable()).optional();

/** How many problems an answer lists; the downloadable report has them all. */
const listedProblems = 200;

const previewSchema = z.object({
  uploadId: z.string(),
  headerRowNumber: z.number(),
  columns: z.array(columnSchema),
  totalRows: z.number(),
  validRows: z.number(),
  errorRows: z.number(),
  problemCount: z.number(),
  problems: z.array(problemSchema),
  sample: z.array(z.record(z.string(), z.unknown())),
});

/** What a preview answers, the first one and every re-check alike. */
function previewBody(uploadId: string, summary: LedgerSummary): z.infer<typeof previewSchema> {
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
function toColumnOverrides(overrides: z.infer<typeof overridesSchema>): LedgerUpload['overrides'] {
  if (!overrides) return undefined;
  return Object.fromEntries(Object.entries(overrides).map(([index, field]) => [Number(index), field]));
}

function attachment(fileName: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function registryImportRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;
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
        querystring: z.object({ regionId: z.uuid(), fileName: z.string().min(1).max(200) }),
        response: { 200: previewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError('bad_request', 'Send the file itself as the request body.');
      }
      const upload = { regionId: request.query.regionId, fileName: request.query.fileName, content: request.body };
      const summary = await previewLedger(db, actor, upload);
      return previewBody(keepUpload(actor, upload, summary.totalRows), summary);
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
        params: z.object({ uploadId: z.string().max(100) }),
        body: z.object({ overrides: overridesSchema }),
        response: { 200: previewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { uploadId } = request.params;
      const { upload } = findUpload(actor, uploadId);
      const overrides = toColumnOverrides(request.body.overrides);
      const summary = await previewLedger(db, actor, { ...upload, overrides });
      reviseUpload(actor, uploadId, overrides, summary.totalRows);
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
          '(application/x-ndjson): running with processedRows/totalRows, then done with the figures or failed.',
        body: z.object({ uploadId: z.string().max(100), overrides: overridesSchema }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { upload, totalRows } = takeUpload(actor, request.body.uploadId);
      const overrides = toColumnOverrides(request.body.overrides) ?? upload.overrides;
      const importId = uuidv7();
      // Progress travels on this answer: a second request could not be served while PGlite holds the transaction.
      const events = new PassThrough();
      const send = (event: Record<string, unknown>) =>
        events.write(`${JSON.stringify({ importId, totalRows, ...event })}\n`);
      send({ status: 'running', processedRows: 0 });
      importLedger(
        db,
        actor,
        { ...upload, overrides },
        { importId, onProgress: (processedRows) => send({ status: 'running', processedRows }) },
      )
        .then((result) =>
          send({
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
            status: 'failed',
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
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            importId: z.uuid(),
            status: z.literal('done'),
            fileName: z.string(),
            processedRows: z.number(),
            totalRows: z.number(),
            importedRows: z.number(),
            unchanged: z.number(),
            errorRows: z.number(),
            problems: z.array(problemSchema),
            createdAt: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const record = await getImportRecord(db, requireActor(request), request.params.id);
      return {
        importId: record.id,
        status: 'done' as const,
        fileName: record.fileName,
        processedRows: record.totalRows,
        totalRows: record.totalRows,
        importedRows: record.importedRows,
        unchanged: record.unchangedRows,
        errorRows: record.errorRows,
        problems: record.problems.slice(0, listedProblems),
        createdAt: record.createdAt.toISOString(),
      };
    },
  );

  routes.get(
    '/registry/imports/:id/report',
    { schema: { tags, summary: 'The problems of an import as an .xlsx report', params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      const record = await getImportRecord(db, requireActor(request), request.params.id);
      const content = await writeProblemReport(
        record.problems.map((problem) => ({ ...problem, code: '' })),
        record.fileName,
      );
      return reply
        .type(xlsxType)
        .header('content-disposition', attachment(problemReportFileName(record.fileName)))
        .send(content);
    },
  );

  routes.get(
    '/registry/export',
    {
      schema: {
        tags,
        summary: 'The filtered people as an .xlsx ledger (masked unless reveal=true with a reason; audited)',
        querystring: personQuery.extend(revealQuery.shape),
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
