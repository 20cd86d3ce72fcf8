import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cadreActionBody,
  cadrePageSchema,
  cadreParams,
  cadreQuery,
  cadreSchema,
  countyParamsQuery,
  createCadreBody,
  evaluationListSchema,
  evaluationQuery,
  evaluationRulesSchema,
} from '../../../shared/api/cadres.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as cadres from './cadres.service.js';
import * as evaluation from './evaluation.service.js';

const tags = ['cadres'];

export async function cadreRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

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
