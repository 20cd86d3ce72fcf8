import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { revealQuery } from '../../../shared/api/common.js';
import {
  agreementPhotoQuery,
  createDisputeBody,
  disputeDetailSchema,
  disputeFiguresQuery,
  disputeFiguresSchema,
  disputeKindBody,
  disputeKindListSchema,
  disputeKindParams,
  disputeKindQuery,
  disputeMediatorsQuery,
  disputeMediatorsSchema,
  disputeKindSchema,
  disputePageSchema,
  disputeParams,
  disputeQuery,
  outcomeBody,
  sessionBody,
  talkPointBody,
  talkPointListSchema,
  talkPointQuery,
  talkPointSchema,
  updateDisputeBody,
} from '../../../shared/api/disputes.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoBytes, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import * as disputes from './disputes.service.js';

const tags = ['disputes'];

export async function disputeRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.context;
  acceptPhotos(app);

  routes.get(
    '/disputes',
    {
      schema: {
        tags,
        summary:
          'Disputes (矛盾纠纷) in scope, newest first. Filters: regionId (a subtree), status (comma-separated), kind, ' +
          'escalatedTo (town_committee: the town’s list of escalated disputes), personId (a party)',
        querystring: disputeQuery,
        response: { 200: disputePageSchema, ...errorResponses },
      },
    },
    async (request) => disputes.listDisputes(db, requireActor(request), request.query),
  );
  routes.post(
    '/disputes',
    {
      schema: {
        tags,
        summary:
          'Register a dispute in a grid with its parties (residents by personId, outsiders by name and phone). The id ' +
          'is the client’s UUIDv7: sent again, it answers 200 with the dispute already registered and creates nothing',
        body: createDisputeBody,
        response: { 200: disputeDetailSchema, 201: disputeDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { dispute, isNew } = await disputes.createDispute(db, requireActor(request), request.body);
      return reply.code(isNew ? 201 : 200).send(dispute);
    },
  );
  routes.get(
    '/disputes/figures',
    {
      schema: {
        tags,
        summary:
          'Dispute figures of a region and period (China dates, inclusive; the last 90 days by default): registered, ' +
          'mediated, settled at each level, escalated, open, and the share settled at village level or below (矛盾不上交)',
        querystring: disputeFiguresQuery,
        response: { 200: disputeFiguresSchema, ...errorResponses },
      },
    },
    async (request) => disputes.disputeFigures(db, requireActor(request), request.query),
  );
  routes.get(
    '/disputes/mediators',
    {
      schema: {
        tags,
        summary:
          'Whom a dispute in this grid may be mediated by: the staff of the grid and of each region above it, the ' +
          'grid’s own first (a dispute naming anyone else is refused: 400 mediator_not_eligible)',
        querystring: disputeMediatorsQuery,
        response: { 200: disputeMediatorsSchema, ...errorResponses },
      },
    },
    async (request) => disputes.listMediators(db, requireActor(request), request.query.regionId),
  );
  routes.get(
    '/disputes/:id',
    {
      schema: {
        tags,
        summary:
          'One dispute with its sessions; parties masked by the registry’s rules; reveal=true with a reason shows ' +
          'their phones in full (audited)',
        params: disputeParams,
        querystring: revealQuery,
        response: { 200: disputeDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      disputes.getDispute(db, requireActor(request), request.params.id, {
        isAsked: request.query.reveal,
        reason: request.query.reason,
      }),
  );
  routes.patch(
    '/disputes/:id',
    {
      schema: {
        tags,
        summary:
          'Change an open dispute’s kind, summary, parties, mediators or legal aid. Send the version you saw: 409 ' +
          'dispute_changed when someone changed it first',
        params: disputeParams,
        body: updateDisputeBody,
        response: { 200: disputeDetailSchema, ...errorResponses },
      },
    },
    async (request) => disputes.updateDispute(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/disputes/:id/sessions',
    {
      schema: {
        tags,
        summary:
          'Record a mediation session (when, where, who came, notes); the first moves the dispute to mediating. ' +
          'A session’s client id sent again adds nothing',
        params: disputeParams,
        body: sessionBody,
        response: { 200: disputeDetailSchema, ...errorResponses },
      },
    },
    async (request) => disputes.addSession(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/disputes/:id/outcome',
    {
      schema: {
        tags,
        summary:
          'Record the outcome: settled at a level (grid, village, town) with the agreement’s text, escalated to the ' +
          'town’s mediation committee or to court with a note, or withdrawn',
        params: disputeParams,
        body: outcomeBody,
        response: { 200: disputeDetailSchema, ...errorResponses },
      },
    },
    async (request) => disputes.recordOutcome(db, requireActor(request), request.params.id, request.body),
  );
  routes.put(
    '/disputes/:id/agreement-photo',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'The photo of the signed agreement (JPEG, PNG or WebP, the raw bytes, up to 10 MB); replaces one sent before',
        params: disputeParams,
        querystring: agreementPhotoQuery,
        response: { 200: disputeDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      return disputes.putAgreementPhoto(db, files, requireActor(request), request.params.id, photoBytes(request));
    },
  );
  routes.get(
    '/disputes/:id/agreement-photo',
    { schema: { tags, summary: 'The photo of the signed agreement', params: disputeParams } },
    async (request, reply) => {
      const photo = await disputes.getAgreementPhoto(db, files, requireActor(request), request.params.id);
      return sendPhoto(reply, photo);
    },
  );

  routes.get(
    '/dispute-kinds',
    {
      schema: {
        tags,
        summary:
          'The dispute kinds of your county: the defaults (with the county’s names) and its own, retired ones ' +
          'marked. An account spanning counties names one (countyId)',
        querystring: disputeKindQuery,
        response: { 200: disputeKindListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await disputes.listCountyKinds(db, requireActor(request), request.query.countyId) }),
  );
  routes.put(
    '/dispute-kinds/:code',
    {
      schema: {
        tags,
        summary: 'Add a dispute kind, or rename or retire one (isActive false): county administrators',
        params: disputeKindParams,
        querystring: disputeKindQuery,
        body: disputeKindBody,
        response: { 200: disputeKindSchema, ...errorResponses },
      },
    },
    async (request) =>
      disputes.saveKind(db, requireActor(request), request.params.code, request.body, request.query.countyId),
  );

  routes.get(
    '/talk-points',
    {
      schema: {
        tags,
        summary: 'Talk points (百姓说事点) of a region’s subtree, or of your scope',
        querystring: talkPointQuery,
        response: { 200: talkPointListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await disputes.listTalkPoints(db, requireActor(request), request.query.regionId) }),
  );
  routes.post(
    '/talk-points',
    {
      schema: {
        tags,
        summary: 'Add a talk point to a village; a client id sent again adds nothing (200)',
        body: talkPointBody,
        response: { 200: talkPointSchema, 201: talkPointSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { talkPoint, isNew } = await disputes.createTalkPoint(db, requireActor(request), request.body);
      return reply.code(isNew ? 201 : 200).send(talkPoint);
    },
  );
}
