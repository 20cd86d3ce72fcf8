import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  checklistListSchema,
  checklistParams,
  checklistQuery,
  checklistSchema,
  createChecklistBody,
  createInspectionBody,
  inspectionDetailSchema,
  inspectionFiguresQuery,
  inspectionFiguresSchema,
  inspectionPageSchema,
  inspectionParams,
  inspectionPhotoParams,
  inspectionPhotoQuery,
  inspectionPhotoSchema,
  inspectionQuery,
  placeInspectionsQuery,
  reInspectionBody,
  updateChecklistBody,
} from '../../../shared/api/inspections.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoOf, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import * as inspections from './inspections.service.js';

const tags = ['inspections'];

export async function inspectionRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, files } = app.context;
  acceptPhotos(app);

  routes.get(
    '/inspection-checklists',
    {
      schema: {
        tags,
        summary: 'The checklists of your county (active ones unless includeInactive), optionally for one kind of place',
        querystring: checklistQuery,
        response: { 200: checklistListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await inspections.listChecklists(db, requireActor(request), request.query) }),
  );
  routes.post(
    '/inspection-checklists',
    {
      schema: {
        tags,
        summary: 'Add a checklist to your county (inspection.configure): its kinds of place and items',
        body: createChecklistBody,
        response: { 201: checklistSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inspections.createChecklist(db, requireActor(request), request.body)),
  );
  routes.patch(
    '/inspection-checklists/:id',
    {
      schema: {
        tags,
        summary:
          'Change a checklist: new items raise its version; inspections made before keep the items they were made with',
        params: checklistParams,
        body: updateChecklistBody,
        response: { 200: checklistSchema, ...errorResponses },
      },
    },
    async (request) => inspections.updateChecklist(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/inspection-photos',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'Upload a photo (JPEG, PNG or WebP, the raw bytes, up to 10 MB) for an inspection about to be sent; the ' +
          'inspection names it by the id answered. 429 rate_limited (with Retry-After) past the uploads an account ' +
          'may send',
        querystring: inspectionPhotoQuery,
        response: { 201: inspectionPhotoSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const photo = await inspections.uploadPhoto(
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
    '/inspections',
    {
      schema: {
        tags,
        summary:
          'Inspections of a region (default: your scope), newest first, by place, period (China dates), kind, ' +
          'or only those with items still open',
        querystring: inspectionQuery,
        response: { 200: inspectionPageSchema, ...errorResponses },
      },
    },
    async (request) => inspections.listInspections(db, requireActor(request), request.query),
  );
  routes.post(
    '/inspections',
    {
      schema: {
        tags,
        summary:
          'Record an inspection of a place with every item of its checklist; a failed item is fixed on the spot ' +
          '(a photo of the fix) or turned into a case. The id is the client’s UUIDv7: the same id again answers ' +
          'the same inspection (200) and records nothing; 201 the first time',
        body: createInspectionBody,
        response: { 200: inspectionDetailSchema, 201: inspectionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { inspection, isNew } = await inspections.createInspection(db, requireActor(request), request.body);
      return reply.code(isNew ? 201 : 200).send(inspection);
    },
  );
  routes.get(
    '/inspections/figures',
    {
      schema: {
        tags,
        summary:
          'Inspection figures of a region (default: your scope) for a period of China dates (default: this month): ' +
          'places inspected, inspections, hazards found, fixed on the spot, turned into cases, still open',
        querystring: inspectionFiguresQuery,
        response: { 200: inspectionFiguresSchema, ...errorResponses },
      },
    },
    async (request) => inspections.inspectionFigures(db, requireActor(request), request.query),
  );
  routes.get(
    '/inspections/:id',
    {
      schema: {
        tags,
        summary: 'One inspection with its items, photos, cases and re-inspections',
        params: inspectionParams,
        response: { 200: inspectionDetailSchema, ...errorResponses },
      },
    },
    async (request) => inspections.getInspection(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/inspections/:id/re-inspections',
    {
      schema: {
        tags,
        summary:
          'Re-inspect (复查) the open items of an inspection: items found put right are passed and their cases ' +
          'moved on as the case rules allow; idempotent by the client’s UUIDv7 like POST /inspections',
        params: inspectionParams,
        body: reInspectionBody,
        response: { 200: inspectionDetailSchema, 201: inspectionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { inspection, isNew } = await inspections.reInspect(
        db,
        requireActor(request),
        request.params.id,
        request.body,
      );
      return reply.code(isNew ? 201 : 200).send(inspection);
    },
  );
  routes.get(
    '/inspections/:id/photos/:photoId',
    { schema: { tags, summary: 'A photo of an inspection', params: inspectionPhotoParams } },
    async (request, reply) => {
      const photo = await inspections.getPhoto(
        db,
        files,
        requireActor(request),
        request.params.id,
        request.params.photoId,
      );
      return sendPhoto(reply, photo);
    },
  );
  routes.get(
    '/places/:id/inspections',
    {
      schema: {
        tags,
        summary: 'The inspections of a place, newest first: its history',
        params: inspectionParams,
        querystring: placeInspectionsQuery,
        response: { 200: inspectionPageSchema, ...errorResponses },
      },
    },
    async (request) => inspections.listPlaceInspections(db, requireActor(request), request.params.id, request.query),
  );
}
