import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cadreActionBody,
  cadrePageSchema,
  cadreParams,
  cadreQuery,
  cadreSchema,
  cadreSpotCheckListSchema,
  countyParamsQuery,
  createCadreBody,
  evaluationListSchema,
  evaluationQuery,
  evaluationRulesSchema,
  importCadresQuery,
  importCommunityListSchema,
  importResultSchema,
  gridMemberEvaluationListSchema,
  gridMemberEvaluationQuery,
  gridMemberWeightsSchema,
  timeSplitListSchema,
  timeSplitQuery,
  timeSplitRuleSchema,
} from '../../../shared/api/cadres.js';
import { requireActor } from '../../auth/authenticate.js';
import { AppError } from '../../errors.js';
import { errorResponses } from '../../http.js';
import * as cadres from './cadres.service.js';
import * as evaluation from './evaluation.service.js';
import * as gridMembers from './grid-member-evaluation.service.js';
import * as timeSplits from './time-split.service.js';

const tags = ['cadres'];
const uploadTypes = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
];
/** A unit's list is a few thousand rows at most. */
const uploadLimit = 10 * 1024 * 1024;

export async function cadreRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;
  // A unit's list arrives as the file's own bytes (no multipart), whatever type the browser gives it.
  for (const type of uploadTypes) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) =>
      done(null, body),
    );
  }

  routes.get(
    '/cadres',
    {
      schema: {
        tags,
        summary:
          'Cadres sent down (下沉干部) and in-service party members (在职党员) in scope, in registration order. ' +
          'Filters: regionId (a subtree), unitId (the dispatching unit), status, q (a part of the name)',
        querystring: cadreQuery,
        response: { 200: cadrePageSchema, ...errorResponses },
      },
    },
    async (request) => cadres.listCadres(db, requireActor(request), request.query),
  );
  routes.post(
    '/cadres',
    {
      schema: {
        tags,
        summary:
          'Register a cadre or in-service party member (双报到): the community where they serve (in scope), where ' +
          'they live, the dispatching unit (GET /api/v1/units), optionally a grid of the service community with ' +
          'duties and the cadre account they check in with (the village and up)',
        body: createCadreBody,
        response: { 201: cadreSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await cadres.createCadre(db, requireActor(request), request.body)),
  );
  routes.post(
    '/cadres/imports',
    {
      bodyLimit: uploadLimit,
      schema: {
        tags,
        summary:
          'Register a dispatching unit’s list (.xlsx or .csv, raw bytes; columns 姓名, 类别, 手机号, 网格, 职责) of ' +
          'cadres serving one community: all rows or none, each row with a problem reported by its number',
        querystring: importCadresQuery,
        response: { 200: importResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError('bad_request', {
          en: 'Send the file itself as the request body.',
          zh: '请将文件本身作为请求体发送。',
        });
      }
      return cadres.importCadres(db, requireActor(request), { ...request.query, content: request.body });
    },
  );
  routes.get(
    '/cadres/import-communities',
    {
      schema: {
        tags,
        summary:
          'The communities of your county by name, for the community served that a unit’s list names (whoever ' +
          'uploads lists, a dispatching unit’s own account included, which reads no other region)',
        querystring: countyParamsQuery,
        response: { 200: importCommunityListSchema, ...errorResponses },
      },
    },
    async (request) => cadres.listImportCommunities(db, requireActor(request), request.query.countyId),
  );
  routes.get(
    '/cadres/import-template',
    {
      schema: {
        tags,
        summary:
          'The template (.xlsx) of a unit’s list: the header row 姓名, 类别, 手机号, 网格, 职责 the import reads',
      },
    },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('下沉干部名单模板.xlsx')}`)
        .send(await cadres.writeImportTemplate(requireActor(request))),
  );
  routes.get(
    '/cadres/evaluation',
    {
      schema: {
        tags,
        summary:
          'The evaluation (考核) of the active cadres of a subtree or unit over a period: each indicator line by ' +
          'line (counts, score, weight, points), the total, the grade (优秀/良好/一般/较差) and the rank within the ' +
          'community, street or unit',
        querystring: evaluationQuery,
        response: { 200: evaluationListSchema, ...errorResponses },
      },
    },
    async (request) => evaluation.evaluateCadres(db, requireActor(request), request.query),
  );
  routes.get(
    '/cadres/evaluation-rules',
    {
      schema: {
        tags,
        summary: 'The county’s evaluation weights, grade thresholds and work expected per service day',
        querystring: countyParamsQuery,
        response: { 200: evaluationRulesSchema, ...errorResponses },
      },
    },
    async (request) => evaluation.getEvaluationRules(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/cadres/evaluation-rules',
    {
      schema: {
        tags,
        summary: 'Set the evaluation weights (adding up to 100), grade thresholds and expected work (county staff)',
        querystring: countyParamsQuery,
        body: evaluationRulesSchema,
        response: { 200: evaluationRulesSchema, ...errorResponses },
      },
    },
    async (request) => evaluation.saveEvaluationRules(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.get(
    '/cadres/evaluation/grid-members',
    {
      schema: {
        tags,
        summary:
          'Grid members (网格员) evaluated as cadres are, with the county’s own weights for them: visit rate, ' +
          'satisfaction and work line by line, the total, the grade and the rank in the community',
        querystring: gridMemberEvaluationQuery,
        response: { 200: gridMemberEvaluationListSchema, ...errorResponses },
      },
    },
    async (request) => gridMembers.evaluateGridMembers(db, requireActor(request), request.query),
  );
  routes.get(
    '/cadres/grid-member-weights',
    {
      schema: {
        tags,
        summary: 'The county’s evaluation weights for grid members',
        querystring: countyParamsQuery,
        response: { 200: gridMemberWeightsSchema, ...errorResponses },
      },
    },
    async (request) => gridMembers.getGridMemberWeights(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/cadres/grid-member-weights',
    {
      schema: {
        tags,
        summary: 'Set the evaluation weights for grid members, adding up to 100 (county staff)',
        querystring: countyParamsQuery,
        body: gridMemberWeightsSchema,
        response: { 200: gridMemberWeightsSchema, ...errorResponses },
      },
    },
    async (request) =>
      gridMembers.saveGridMemberWeights(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.get(
    '/cadres/time-split-rule',
    {
      schema: {
        tags,
        summary: 'Whether the county shows each worker’s 721 time split (seed 003); off until it turns it on',
        querystring: countyParamsQuery,
        response: { 200: timeSplitRuleSchema, ...errorResponses },
      },
    },
    async (request) => timeSplits.getTimeSplitRule(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/cadres/time-split-rule',
    {
      schema: {
        tags,
        summary: 'Turn the 721 time split on or off for the county (county staff)',
        querystring: countyParamsQuery,
        body: timeSplitRuleSchema,
        response: { 200: timeSplitRuleSchema, ...errorResponses },
      },
    },
    async (request) => timeSplits.saveTimeSplitRule(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.get(
    '/cadres/time-split',
    {
      schema: {
        tags,
        summary:
          'Each active cadre’s records of a period in their grid, at the service desk and on rotation (721), where ' +
          'the county turned it on (else enabled false and no items)',
        querystring: timeSplitQuery,
        response: { 200: timeSplitListSchema, ...errorResponses },
      },
    },
    async (request) => timeSplits.listTimeSplits(db, requireActor(request), request.query),
  );
  routes.get(
    '/cadres/:id',
    {
      schema: {
        tags,
        summary: 'One cadre: where they serve and live, unit, grid and duties; the phone masked without sensitive.read',
        params: cadreParams,
        response: { 200: cadreSchema, ...errorResponses },
      },
    },
    async (request) => cadres.getCadre(db, requireActor(request), request.params.id),
  );
  routes.get(
    '/cadres/:id/spot-checks',
    {
      schema: {
        tags,
        summary:
          'What the spot checks found of one cadre (督查记录: the day, the check, at post, absent or 点卯, where and ' +
          'doing what), newest first: for whoever reads the cadre, a dispatching unit of its own people included',
        params: cadreParams,
        response: { 200: cadreSpotCheckListSchema, ...errorResponses },
      },
    },
    async (request) => cadres.listSpotChecksOfCadre(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/cadres/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Assign to a grid with duties, transfer to another community, or end the service with a reason (the ' +
          'village and up). Send the version you saw: 409 cadre_changed when someone changed it first',
        params: cadreParams,
        body: cadreActionBody,
        response: { 200: cadreSchema, ...errorResponses },
      },
    },
    async (request) => cadres.takeAction(db, requireActor(request), request.params.id, request.body),
  );
}
