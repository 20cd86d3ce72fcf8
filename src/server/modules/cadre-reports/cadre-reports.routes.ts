import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cadreReportListSchema,
  cadreReportParams,
  cadreReportQuery,
  cadreReportReopenBody,
  cadreReportReturnBody,
  cadreReportReviewBody,
  cadreReportSchema,
  generateCadreReportBody,
} from '../../../shared/api/cadre-reports.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import { writeReportPdf, writeReportWorkbook } from './cadre-reports.files.js';
import * as reports from './cadre-reports.service.js';

const tags = ['cadre-reports'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(fileName: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Reports up the chain on cadres sent down: generated from the records, reviewed level by level, then locked. */
export async function cadreReportRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/cadre-reports',
    {
      schema: {
        tags,
        summary:
          'Reports on cadres in scope (monthly of a community, quarterly of a street, yearly of a unit), the newest ' +
          'period first; awaitingMe=true: the submitted ones the caller may approve or return',
        querystring: cadreReportQuery,
        response: { 200: cadreReportListSchema, ...errorResponses },
      },
    },
    async (request) => reports.listReports(db, requireActor(request), request.query),
  );
  routes.post(
    '/cadre-reports',
    {
      schema: {
        tags,
        summary:
          'Generate a report’s draft from the records (kind monthly with a community regionId, quarterly with a ' +
          'street regionId, yearly with a unitId; period 2026-11, 2026-Q4 or 2026): 201 new, 200 a draft or ' +
          'returned report refreshed; 409 cadre_report_changed once submitted or approved',
        body: generateCadreReportBody,
        response: { 200: cadreReportSchema, 201: cadreReportSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { report, isCreated } = await reports.generateReport(db, requireActor(request), request.body);
      return reply.code(isCreated ? 201 : 200).send(report);
    },
  );
  routes.get(
    '/cadre-reports/:id',
    {
      schema: {
        tags,
        summary: 'A report with its figures: per cadre, per dispatching unit, in all',
        params: cadreReportParams,
        response: { 200: cadreReportSchema, ...errorResponses },
      },
    },
    async (request) => reports.getReport(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/cadre-reports/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a draft or returned report to the level above (the version seen); its reviewers are told',
        params: cadreReportParams,
        body: cadreReportReviewBody,
        response: { 200: cadreReportSchema, ...errorResponses },
      },
    },
    async (request) => reports.submitReport(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/cadre-reports/:id/approve',
    {
      schema: {
        tags,
        summary:
          'Approve a submitted report (the level above, not who submitted it): its figures are frozen and its ' +
          'period locked (check-ins and leave answer 409 period_locked)',
        params: cadreReportParams,
        body: cadreReportReviewBody,
        response: { 200: cadreReportSchema, ...errorResponses },
      },
    },
    async (request) => reports.approveReport(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/cadre-reports/:id/return',
    {
      schema: {
        tags,
        summary: 'Return a submitted report with a comment (the level above); whoever submitted it is told',
        params: cadreReportParams,
        body: cadreReportReturnBody,
        response: { 200: cadreReportSchema, ...errorResponses },
      },
    },
    async (request) => reports.returnReport(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/cadre-reports/:id/reopen',
    {
      schema: {
        tags,
        summary:
          'Reopen an approved report with a reason (the level above): its period unlocks and it goes back returned',
        params: cadreReportParams,
        body: cadreReportReopenBody,
        response: { 200: cadreReportSchema, ...errorResponses },
      },
    },
    async (request) => reports.reopenReport(db, requireActor(request), request.params.id, request.body),
  );
  routes.get(
    '/cadre-reports/:id/report.xlsx',
    {
      schema: {
        tags,
        summary: 'The report as an .xlsx workbook: the cadres, then the units',
        params: cadreReportParams,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await writeReportWorkbook(db, requireActor(request), request.params.id);
      return reply.type(xlsxType).header('content-disposition', attachment(fileName)).send(content);
    },
  );
  routes.get(
    '/cadre-reports/:id/report.pdf',
    {
      schema: {
        tags,
        summary: 'The report as a PDF on the county’s letterhead, with the table and the approval block',
        params: cadreReportParams,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await writeReportPdf(db, requireActor(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', attachment(fileName)).send(content);
    },
  );
}
