import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createSpotCheckBody,
  rectificationBody,
  spotCheckFindingBody,
  spotCheckFindingCorrectionBody,
  spotCheckFindingParams,
  spotCheckFindingListSchema,
  spotCheckFindingQuery,
  spotCheckFindingSchema,
  spotCheckListSchema,
  spotCheckParams,
  spotCheckPhotoParams,
  spotCheckPhotoQuery,
  spotCheckPhotoSchema,
  spotCheckRecordBody,
  spotCheckRecordCorrectionBody,
  spotCheckRecordParams,
  spotCheckSchema,
} from '../../../shared/api/spot-checks.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoBytes, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import * as spotChecks from './spot-checks.service.js';

const tags = ['spot-checks'];

export async function spotCheckRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, files } = app.context;
  acceptPhotos(app);

  routes.get(
    '/spot-checks',
    {
      schema: {
        tags,
        summary:
          'Spot checks (督查抽查) the caller sees: those planned in their region whenever planned; those visiting ' +
          'their community or grid only from the day of the check (unannounced)',
        response: { 200: spotCheckListSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.listSpotChecks(db, requireActor(request)),
  );
  routes.post(
    '/spot-checks',
    {
      schema: {
        tags,
        summary: 'Plan a spot check of communities or grids of the caller’s own area (town and county), today or later',
        body: createSpotCheckBody,
        response: { 201: spotCheckSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await spotChecks.planSpotCheck(db, requireActor(request), request.body)),
  );
  routes.get(
    '/spot-checks/:id',
    {
      schema: {
        tags,
        summary: 'One spot check with its areas, the cadres found and its findings',
        params: spotCheckParams,
        response: { 200: spotCheckSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.getSpotCheck(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/spot-checks/:id/records',
    {
      schema: {
        tags,
        summary:
          'The group records a cadre serving in the check’s areas: at_post, absent or roll_call_only (点卯), where, ' +
          'doing what; once per cadre (409 spot_check_record_exists). 409 spot_check_not_started before the day',
        params: spotCheckParams,
        body: spotCheckRecordBody,
        response: { 200: spotCheckSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.recordSpotCheck(db, requireActor(request), request.params.id, request.body),
  );
  routes.patch(
    '/spot-checks/:id/records/:recordId',
    {
      schema: {
        tags,
        summary:
          'Correct a record (outcome, place, activity, note; the fields sent) with a reason, by whoever may record on ' +
          'the check; send the version read (409 spot_check_changed when corrected meanwhile). 409 period_locked ' +
          'once a report covering the cadre on the check’s day is approved',
        params: spotCheckRecordParams,
        body: spotCheckRecordCorrectionBody,
        response: { 200: spotCheckSchema, ...errorResponses },
      },
    },
    async (request) =>
      spotChecks.correctRecord(db, requireActor(request), request.params.id, request.params.recordId, request.body),
  );
  routes.post(
    '/spot-checks/:id/photos',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'Add a photo (JPEG, PNG or WebP, the raw bytes, up to 10 MB) of a cadre as found (stage record: the group), ' +
          'of a finding (finding: the group) or of its rectification (rectification: the community); subjectId names ' +
          'the record or finding. 409 photo_limit_reached past 9 a stage, 429 rate_limited past the account’s uploads',
        params: spotCheckParams,
        querystring: spotCheckPhotoQuery,
        response: { 201: spotCheckPhotoSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const photo = await spotChecks.addPhoto(
        db,
        files,
        requireActor(request),
        request.params.id,
        request.query,
        photoBytes(request),
        config.photoLimits,
      );
      return reply.code(201).send(photo);
    },
  );
  routes.get(
    '/spot-checks/:id/photos/:photoId',
    { schema: { tags, summary: 'A photo of a spot check', params: spotCheckPhotoParams } },
    async (request, reply) =>
      sendPhoto(
        reply,
        await spotChecks.getPhoto(db, files, requireActor(request), request.params.id, request.params.photoId),
      ),
  );
  routes.post(
    '/spot-checks/:id/findings',
    {
      schema: {
        tags,
        summary: 'A finding in one of the check’s areas with its rectification deadline',
        params: spotCheckParams,
        body: spotCheckFindingBody,
        response: { 200: spotCheckSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.addFinding(db, requireActor(request), request.params.id, request.body),
  );
  routes.patch(
    '/spot-checks/:id/findings/:findingId',
    {
      schema: {
        tags,
        summary:
          'Correct an open finding’s description or deadline with a reason, by the check’s group; send the version ' +
          'read (409 spot_check_changed when corrected meanwhile); 409 spot_check_finding_decided once rectified',
        params: spotCheckFindingParams,
        body: spotCheckFindingCorrectionBody,
        response: { 200: spotCheckSchema, ...errorResponses },
      },
    },
    async (request) =>
      spotChecks.correctFinding(db, requireActor(request), request.params.id, request.params.findingId, request.body),
  );
  routes.get(
    '/spot-check-findings',
    {
      schema: {
        tags,
        summary: 'Findings of the spot checks the caller sees, the nearest deadline first; overdue=true: open past it',
        querystring: spotCheckFindingQuery,
        response: { 200: spotCheckFindingListSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.listFindings(db, requireActor(request), request.query),
  );
  routes.post(
    '/spot-check-findings/:id/rectification',
    {
      schema: {
        tags,
        summary: 'The community records how it rectified an open finding (open → rectified)',
        params: spotCheckParams,
        body: rectificationBody,
        response: { 200: spotCheckFindingSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.rectifyFinding(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/spot-check-findings/:id/close',
    {
      schema: {
        tags,
        summary: 'The planner accepts the rectification and closes the finding (rectified → closed)',
        params: spotCheckParams,
        response: { 200: spotCheckFindingSchema, ...errorResponses },
      },
    },
    async (request) => spotChecks.closeFinding(db, requireActor(request), request.params.id),
  );
}
