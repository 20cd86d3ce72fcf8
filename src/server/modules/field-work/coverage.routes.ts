import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  fieldFiguresSchema,
  overdueHouseholdPageSchema,
  overdueHouseholdsQuery,
  visitCoverageQuery,
  visitCoverageSchema,
  visitPlanPageSchema,
  visitPlanQuery,
  visitPlanRuleSchema,
  visitPlanSettingsQuery,
} from '../../../shared/api/field-work.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as coverage from './coverage.service.js';
import * as figures from './field-figures.service.js';

const tags = ['visits'];
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(fileName: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Visit coverage (入户率), the visit plan and worklist, and the field figures. The paths under /visits are static,
 * so Fastify's router prefers them to the visits module's /visits/:id whatever the order of registration.
 */
export async function visitCoverageRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/visits/coverage',
    {
      schema: {
        tags,
        summary:
          'Visit coverage (入户率) of a region (default: your scope) over a period of China dates (default: this ' +
          'month to today, at most 3 years): per child region households, households visited (distinct) and the ' +
          'rate; per grid leader, grid member and sunk cadre of a village or grid, households assigned (those of the ' +
          'grid they serve in) and visited by them.',
        querystring: visitCoverageQuery,
        response: { 200: visitCoverageSchema, ...errorResponses },
      },
    },
    async (request) => coverage.getVisitCoverage(db, requireActor(request), request.query),
  );
  routes.get(
    '/visits/coverage.xlsx',
    {
      schema: {
        tags,
        summary: 'The coverage report as an .xlsx workbook (Chinese headers, names not codes)',
        querystring: visitCoverageQuery,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await figures.writeCoverageWorkbook(db, requireActor(request), request.query);
      return reply.type(xlsxType).header('content-disposition', attachment(fileName)).send(content);
    },
  );
  routes.get(
    '/visits/overdue-households',
    {
      schema: {
        tags,
        summary:
          'Households of a region (default: your grid) not visited for `days` days or more, never-visited first, ' +
          'then the longest unvisited (a worklist).',
        querystring: overdueHouseholdsQuery,
        response: { 200: overdueHouseholdPageSchema, ...errorResponses },
      },
    },
    async (request) => coverage.listOverdueHouseholds(db, requireActor(request), request.query),
  );
  routes.get(
    '/visits/plan',
    {
      schema: {
        tags,
        summary:
          'The visit plan of a region (default: your grid): each household with its last visit and the date the ' +
          'next one is due by the county rule, the earliest due first; `due` keeps the overdue ones, those due ' +
          'soon, or all. Without sensitive.read the schedule is worked out from the tags you may see only.',
        querystring: visitPlanQuery,
        response: { 200: visitPlanPageSchema, ...errorResponses },
      },
    },
    async (request) => coverage.getVisitPlan(db, requireActor(request), request.query),
  );
  routes.get(
    '/visit-plan-settings',
    {
      schema: {
        tags,
        summary:
          'The county’s visit rule: which tags are visited how often (default: special groups monthly, others quarterly)',
        querystring: visitPlanSettingsQuery,
        response: { 200: visitPlanRuleSchema, ...errorResponses },
      },
    },
    async (request) => coverage.getVisitPlanRule(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/visit-plan-settings',
    {
      schema: {
        tags,
        summary: 'Replace the county’s visit rule (county staff; audited)',
        querystring: visitPlanSettingsQuery,
        body: visitPlanRuleSchema,
        response: { 200: visitPlanRuleSchema, ...errorResponses },
      },
    },
    async (request) => coverage.saveVisitPlanRule(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.get(
    '/field-figures',
    {
      schema: {
        tags,
        summary:
          'Field figures of a region and period: visits, person-times in grids, households visited and the ' +
          'coverage rate; campaign, inspection and dispute figures where those modules give them (else null).',
        querystring: visitCoverageQuery,
        response: { 200: fieldFiguresSchema, ...errorResponses },
      },
    },
    async (request) => figures.getFieldFigures(db, requireActor(request), request.query),
  );
  routes.get(
    '/field-figures.xlsx',
    {
      schema: {
        tags,
        summary: 'The field-work report as one .xlsx workbook, a sheet per section',
        querystring: visitCoverageQuery,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await figures.writeFieldWorkbook(db, requireActor(request), request.query);
      return reply.type(xlsxType).header('content-disposition', attachment(fileName)).send(content);
    },
  );
}
