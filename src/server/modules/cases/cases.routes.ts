import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  countyQuery,
  categoriesSchema,
  categoryBody,
  categoryParams,
  categorySchema,
} from '../../../shared/api/case-catalogue.js';
import {
  addedPhotoSchema,
  addPhotoQuery,
  caseAssigneesSchema,
  caseDetailSchema,
  caseParams,
  casePageSchema,
  casePhotoParams,
  caseSchema,
  listCasesQuery,
  reportBody,
  transitionBody,
} from '../../../shared/api/cases.js';
import { revealQuery } from '../../../shared/api/common.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoOf, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import { sendResidentNotices } from '../resident/resident-notices.service.js';
import * as photos from './case-photos.service.js';
import * as transitions from './case-transitions.service.js';
import * as cases from './cases.service.js';
import * as catalogue from './catalogue.service.js';

const tags = ['cases'];

export async function caseRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, files } = app.context;
  acceptPhotos(app);

  routes.get(
    '/case-categories',
    {
      schema: {
        tags,
        summary: 'The grid item catalogue of your county: each item’s code, names, tier, level and time limits',
        querystring: countyQuery,
        response: { 200: categoriesSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await catalogue.listCategories(db, requireActor(request), request.query.countyId) }),
  );
  routes.put(
    '/case-categories/:code',
    {
      schema: {
        tags,
        summary: 'Add or change an item of the catalogue (county administrators)',
        params: categoryParams,
        querystring: countyQuery,
        body: categoryBody,
        response: { 200: categorySchema, ...errorResponses },
      },
    },
    async (request) =>
      catalogue.saveCategory(db, requireActor(request), request.params.code, request.body, request.query.countyId),
  );

  routes.post(
    '/cases',
    {
      schema: {
        tags,
        summary:
          'Report a case in a grid (regionId) or at a point (location). A simple matter with its result is closed ' +
          'at once; others start at the level their catalogue item names, with its deadline. A client’s `id` ' +
          'sent again by the same account answers 200 with the case made; anyone else’s 409 client_id_taken.',
        body: reportBody,
        response: { 200: caseSchema, 201: caseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { case: made, isNew } = await cases.reportCaseOnce(
        db,
        requireActor(request),
        request.body,
        config.residentReportDailyLimit,
      );
      return reply.code(isNew ? 201 : 200).send(made);
    },
  );
  routes.get(
    '/cases',
    {
      schema: {
        tags,
        summary:
          'Cases in scope, newest first. Filters: regionId (a subtree), status (comma-separated), category, level, ' +
          'overdue, assignedToMe, waitingForMe (the cases whose next step is yours now: 我的待办), reportedByMe, ' +
          'number (as quoted: whole, or without the county code).',
        querystring: listCasesQuery,
        response: { 200: casePageSchema, ...errorResponses },
      },
    },
    async (request) => cases.listCases(db, requireActor(request), request.query),
  );
  routes.get(
    '/cases/:id',
    {
      schema: {
        tags,
        summary:
          'One case with its timeline, photos and the actions you may take on it (abilities); reveal=true with a ' +
          "reason shows the resident's phone in full (audited)",
        params: caseParams,
        querystring: revealQuery,
        response: { 200: caseDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      cases.getCase(db, requireActor(request), request.params.id, {
        isAsked: request.query.reveal,
        reason: request.query.reason,
      }),
  );
  routes.get(
    '/cases/:id/assignees',
    {
      schema: {
        tags,
        summary:
          'Whom you may dispatch a case to: the grid’s leader, members and sunk cadres, and the staff of each level ' +
          'up to the one the case sits at (403 unless you may dispatch it now)',
        params: caseParams,
        response: { 200: caseAssigneesSchema, ...errorResponses },
      },
    },
    async (request) => cases.listAssignees(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/cases/:id/transitions',
    {
      schema: {
        tags,
        summary:
          'Take an action on a case (accept, dispatch, start, handle, verify, close, return, reopen, escalate …). ' +
          'Send the version you saw: 409 case_changed when someone acted first.',
        params: caseParams,
        body: transitionBody,
        response: { 200: caseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const result = await transitions.transitionCase(db, requireActor(request), request.params.id, request.body);
      // Most steps tell no resident: only those that may have queued a notice look for one to text.
      if (transitions.mayTellResident(result.status)) await sendResidentNotices(app.context, request, result.id);
      return result;
    },
  );
  routes.post(
    '/cases/:id/photos',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'Add a photo (JPEG, PNG or WebP, the raw bytes, up to 10 MB) to a case: 409 photo_limit_reached when the ' +
          'case holds CASE_PHOTO_LIMIT photos, 429 rate_limited (with Retry-After) past the uploads an account may send',
        params: caseParams,
        querystring: addPhotoQuery,
        response: { 201: addedPhotoSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const photo = await photos.addPhoto(
        db,
        files,
        requireActor(request),
        request.params.id,
        photoOf(request),
        config.photoLimits,
      );
      return reply.code(201).send(photo);
    },
  );
  routes.get(
    '/cases/:id/photos/:photoId',
    { schema: { tags, summary: 'A photo of a case', params: casePhotoParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const photo = await photos.getPhoto(db, files, actor, request.params.id, request.params.photoId);
      return sendPhoto(reply, photo);
    },
  );
}
