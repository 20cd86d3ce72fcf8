import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countyQuery } from '../../../shared/api/case-catalogue.js';
import {
  centreFiguresQuery,
  centreFiguresSchema,
  consultationBody,
  consultationKindBody,
  consultationKindListSchema,
  consultationKindParams,
  consultationKindSchema,
  consultationPageSchema,
  consultationQuery,
  consultationSchema,
  createServiceCentreBody,
  serviceCentreListSchema,
  serviceCentreParams,
  serviceCentreQuery,
  serviceCentreSchema,
} from '../../../shared/api/service-centres.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as serviceCentres from './service-centres.service.js';

const tags = ['service-centres'];

export async function serviceCentreRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/service-centres',
    {
      schema: {
        tags,
        summary:
          'Party-mass service centres (党群服务中心) and talk points serving a region (your scope by default): those of ' +
          'its subtree and those of the town and village above it',
        querystring: serviceCentreQuery,
        response: { 200: serviceCentreListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      items: await serviceCentres.listCentres(db, requireActor(request), request.query),
    }),
  );
  routes.post(
    '/service-centres',
    {
      schema: {
        tags,
        summary: 'Add a service centre to a town or village, or a talk point to a village (the village and up)',
        body: createServiceCentreBody,
        response: { 201: serviceCentreSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await serviceCentres.createCentre(db, requireActor(request), request.body)),
  );
  routes.get(
    '/service-centres/:id',
    {
      schema: {
        tags,
        summary: 'One service centre or talk point',
        params: serviceCentreParams,
        response: { 200: serviceCentreSchema, ...errorResponses },
      },
    },
    async (request) => serviceCentres.getCentre(db, requireActor(request), request.params.id),
  );
  routes.get(
    '/service-centres/:id/consultations',
    {
      schema: {
        tags,
        summary:
          'Consultations and matters handled at a centre, the latest first; residents named as the registry shows ' +
          'them to you. At the desk of a town or village above your own region, only those you logged',
        params: serviceCentreParams,
        querystring: consultationQuery,
        response: { 200: consultationPageSchema, ...errorResponses },
      },
    },
    async (request) => serviceCentres.listConsultations(db, requireActor(request), request.params.id, request.query),
  );
  routes.post(
    '/service-centres/:id/consultations',
    {
      schema: {
        tags,
        summary:
          'Log a consultation or a matter handled (one of the county’s kinds, its outcome, when, optionally the ' +
          'registry’s resident who came, of the centre’s region)',
        params: serviceCentreParams,
        body: consultationBody,
        response: { 201: consultationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await serviceCentres.recordConsultation(db, requireActor(request), request.params.id, request.body)),
  );
  routes.get(
    '/service-centres/:id/figures',
    {
      schema: {
        tags,
        summary:
          'A centre’s consultations in a period (China dates, inclusive; the last twelve months by default) by kind ' +
          'and outcome, and by month',
        params: serviceCentreParams,
        querystring: centreFiguresQuery,
        response: { 200: centreFiguresSchema, ...errorResponses },
      },
    },
    async (request) => serviceCentres.centreFigures(db, requireActor(request), request.params.id, request.query),
  );
  routes.get(
    '/service-centres/:id/figures.xlsx',
    {
      schema: {
        tags,
        summary: 'A centre’s figures as an .xlsx workbook (Chinese headers, names not codes)',
        params: serviceCentreParams,
        querystring: centreFiguresQuery,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await serviceCentres.writeFiguresWorkbook(
        db,
        requireActor(request),
        request.params.id,
        request.query,
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(content);
    },
  );

  routes.get(
    '/consultation-kinds',
    {
      schema: {
        tags,
        summary: 'The consultation kinds of your county: the defaults (with the county’s names) and its own',
        querystring: countyQuery,
        response: { 200: consultationKindListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      items: await serviceCentres.listCountyKinds(db, requireActor(request), request.query.countyId),
    }),
  );
  routes.put(
    '/consultation-kinds/:code',
    {
      schema: {
        tags,
        summary: 'Add a consultation kind, or rename or retire one (county staff)',
        params: consultationKindParams,
        querystring: countyQuery,
        body: consultationKindBody,
        response: { 200: consultationKindSchema, ...errorResponses },
      },
    },
    async (request) =>
      serviceCentres.saveKind(db, requireActor(request), request.params.code, request.body, request.query.countyId),
  );
}
