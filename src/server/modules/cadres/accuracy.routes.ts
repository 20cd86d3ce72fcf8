import type { FastifyInstance } from 'fastify';
import {
  accuracyCheckSchema,
  accuracyCheckViewSchema,
  accuracyRulesSchema,
  accuracySampleListSchema,
  accuracySampleSchema,
  checkParams,
  drawSampleBody,
  recordCheckBody,
  sampleParams,
  sampleQuery,
} from '../../../shared/api/cadre-accuracy.js';
import { countyParamsQuery } from '../../../shared/api/cadres.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as accuracy from './accuracy.service.js';

const tags = ['cadres'];

/** Information-accuracy verification (信息核查): samples of the entries cadres collected, re-checked by the village. */
export async function accuracyRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/cadres/accuracy-rules',
    {
      schema: {
        tags,
        summary: 'The county’s verification sampling: the share of each cadre’s entries drawn and the minimum count',
        querystring: countyParamsQuery,
        response: { 200: accuracyRulesSchema, ...errorResponses },
      },
    },
    async (request) => accuracy.getAccuracyRules(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/cadres/accuracy-rules',
    {
      schema: {
        tags,
        summary: 'Set the verification sampling share (1–100 %) and minimum count per cadre (county staff)',
        querystring: countyParamsQuery,
        body: accuracyRulesSchema,
        response: { 200: accuracyRulesSchema, ...errorResponses },
      },
    },
    async (request) => accuracy.saveAccuracyRules(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.get(
    '/cadres/accuracy-samples',
    {
      schema: {
        tags,
        summary: 'Verification samples of a subtree (the caller’s scope without regionId), the latest first',
        querystring: sampleQuery,
        response: { 200: accuracySampleListSchema, ...errorResponses },
      },
    },
    async (request) => accuracy.listSamples(db, requireActor(request), request.query.regionId),
  );
  routes.post(
    '/cadres/accuracy-samples',
    {
      schema: {
        tags,
        summary:
          'Draw a verification sample for a village or town and a period (the village and up): for each active ' +
          'cadre serving there, a share of the persons and households their account created or changed in the ' +
          'period (audit log). Once per region and period: 409 accuracy_sample_exists',
        body: drawSampleBody,
        response: { 201: accuracySampleSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await accuracy.drawSample(db, requireActor(request), request.body)),
  );
  routes.get(
    '/cadres/accuracy-samples/:id',
    {
      schema: {
        tags,
        summary: 'One verification sample with its entries and their results',
        params: sampleParams,
        response: { 200: accuracySampleSchema, ...errorResponses },
      },
    },
    async (request) => accuracy.getSample(db, requireActor(request), request.params.id),
  );
  routes.get(
    '/cadres/accuracy-checks/:id',
    {
      schema: {
        tags,
        summary: 'One sampled entry with the person or household as the registry shows it (masked and audited there)',
        params: checkParams,
        response: { 200: accuracyCheckViewSchema, ...errorResponses },
      },
    },
    async (request) => accuracy.getCheck(db, requireActor(request), request.params.id),
  );
  routes.put(
    '/cadres/accuracy-checks/:id',
    {
      schema: {
        tags,
        summary:
          'Record the re-check of a sampled entry once: match, or mismatch with the fields found wrong and a note. ' +
          'Not by the account that collected it (403); 409 accuracy_check_done when already checked',
        params: checkParams,
        body: recordCheckBody,
        response: { 200: accuracyCheckSchema, ...errorResponses },
      },
    },
    async (request) => accuracy.recordCheck(db, requireActor(request), request.params.id, request.body),
  );
}
