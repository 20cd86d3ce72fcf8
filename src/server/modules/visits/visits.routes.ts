import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countyQuery } from '../../../shared/api/case-catalogue.js';
import { idParams } from '../../../shared/api/registry.js';
import {
  addVisitPhotoQuery,
  createNeedBody,
  createVisitBody,
  listVisitsQuery,
  needListSchema,
  needParams,
  needSchema,
  saveVisitPurposesBody,
  updateNeedBody,
  visitPageSchema,
  visitParams,
  visitPhotoUploadSchema,
  visitPurposesSchema,
  visitSchema,
} from '../../../shared/api/visits.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoOf, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import * as purposes from './visit-purposes.service.js';
import * as visits from './visits.service.js';

const tags = ['visits'];

export async function visitRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, files } = app.context;
  acceptPhotos(app);

  routes.get(
    '/visit-purposes',
    {
      schema: {
        tags,
        summary: 'The visit purposes of your county (日常走访, 低保核查 …), with their names',
        querystring: countyQuery,
        response: { 200: visitPurposesSchema, ...errorResponses },
      },
    },
    async (request) => purposes.getVisitPurposes(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/visit-purposes',
    {
      schema: {
        tags,
        summary: 'Replace the county’s visit purposes (case.configure); a retired purpose still names old visits',
        querystring: countyQuery,
        body: saveVisitPurposesBody,
        response: { 200: visitPurposesSchema, ...errorResponses },
      },
    },
    async (request) => purposes.saveVisitPurposes(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.get(
    '/visits',
    {
      schema: {
        tags,
        summary:
          'Visits newest first, inside your scope: by region, household, place, period (from, to), purpose or ' +
          'campaign. People met are masked as the registry masks them.',
        querystring: listVisitsQuery,
        response: { 200: visitPageSchema, ...errorResponses },
      },
    },
    async (request) => visits.listVisits(db, requireActor(request), request.query),
  );
  routes.get(
    '/visits/:id',
    {
      schema: {
        tags,
        summary: 'One visit with its visitors, people met, photos, case and needs',
        params: visitParams,
        response: { 200: visitSchema, ...errorResponses },
      },
    },
    async (request) => visits.getVisit(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/visits',
    {
      schema: {
        tags,
        summary:
          'Record a visit of a household or place, with its follow-ups (a case, a need, a change of the household) ' +
          'in one step: all or nothing. The id is the client’s UUIDv7: sent again, it answers 200 with the visit ' +
          'recorded and writes nothing (201 the first time); 409 client_id_taken for an id someone else used. ' +
          `visitedAt may lie up to 10 minutes ahead and 31 days back.`,
        body: createVisitBody,
        response: { 200: visitSchema, 201: visitSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { visit, isCreated } = await visits.recordVisit(db, requireActor(request), request.body);
      return reply.code(isCreated ? 201 : 200).send(visit);
    },
  );
  routes.post(
    '/visit-photos',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'Send a photo (JPEG, PNG or WebP, the raw bytes, up to 10 MB) for a visit about to be recorded: its id ' +
          'goes into the visit’s photoUploadIds. 429 rate_limited (with Retry-After) past the uploads an account may send',
        querystring: addVisitPhotoQuery,
        response: { 201: visitPhotoUploadSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const photo = await visits.uploadVisitPhoto(
        db,
        files,
        requireActor(request),
        photoOf(request),
        config.photoLimits,
      );
      return reply.code(201).send(photo);
    },
  );
  routes.get(
    '/visit-photos/:id',
    { schema: { tags, summary: 'A photo of a visit', params: idParams } },
    async (request, reply) => {
      const photo = await visits.getVisitPhoto(db, files, requireActor(request), request.params.id);
      return sendPhoto(reply, photo);
    },
  );
  routes.get(
    '/households/:id/needs',
    {
      schema: {
        tags,
        summary: 'The needs of a household (需求清单), oldest first',
        params: idParams,
        response: { 200: needListSchema, ...errorResponses },
      },
    },
    async (request) => visits.listHouseholdNeeds(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/households/:id/needs',
    {
      schema: {
        tags,
        summary: 'Register a need of a household',
        params: idParams,
        body: createNeedBody,
        response: { 201: needSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await visits.createNeed(db, requireActor(request), request.params.id, request.body)),
  );
  routes.patch(
    '/households/:id/needs/:needId',
    {
      schema: {
        tags,
        summary: 'Change a need’s status (open, met, closed)',
        params: needParams,
        body: updateNeedBody,
        response: { 200: needSchema, ...errorResponses },
      },
    },
    async (request) =>
      visits.changeNeedStatus(db, requireActor(request), request.params.id, request.params.needId, request.body),
  );
}
