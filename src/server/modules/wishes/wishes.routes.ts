import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createWishBody,
  createWishDriveBody,
  wishActionBody,
  wishDetailSchema,
  wishDriveListSchema,
  wishDriveQuery,
  wishDriveSchema,
  wishFiguresQuery,
  wishFiguresSchema,
  wishPageSchema,
  wishParams,
  wishQuery,
  wishWallQuery,
  wishWallSchema,
  wishWallSettingsSchema,
} from '../../../shared/api/wishes.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoBytes, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import { sendResidentNotices } from '../resident/resident-notices.service.js';
import * as wishes from './wishes.service.js';

const tags = ['micro-wishes'];

export async function wishRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.context;
  acceptPhotos(app);

  routes.get(
    '/micro-wishes',
    {
      schema: {
        tags,
        summary:
          'Micro-wishes (微心愿) in scope, newest first. Filters: regionId (a subtree), status (comma-separated), ' +
          'driveId, personId, needId, claimantKind, isLate (claimed, the promised date passed, not fulfilled)',
        querystring: wishQuery,
        response: { 200: wishPageSchema, ...errorResponses },
      },
    },
    async (request) => wishes.listWishes(db, requireActor(request), request.query),
  );
  routes.post(
    '/micro-wishes',
    {
      schema: {
        tags,
        summary:
          'Register a resident’s wish (optionally of a drive, or made of a household need); it waits for the ' +
          'village’s review and the village is told. With a client id (id) sent again by the same account: 200 with ' +
          'the wish already registered; used by another account: 409 client_id_taken',
        body: createWishBody,
        response: { 200: wishDetailSchema, 201: wishDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { wish, isNew } = await wishes.createWish(db, requireActor(request), request.body);
      return reply.code(isNew ? 201 : 200).send(wish);
    },
  );
  routes.get(
    '/micro-wishes/figures',
    {
      schema: {
        tags,
        summary:
          'Wish figures of a region and period (China dates, inclusive; the last 90 days by default), optionally of ' +
          'a drive: registered, published, claimed, fulfilled, acknowledged, late, by claimant kind, per child region',
        querystring: wishFiguresQuery,
        response: { 200: wishFiguresSchema, ...errorResponses },
      },
    },
    async (request) => wishes.wishFigures(db, requireActor(request), request.query),
  );
  routes.get(
    '/micro-wishes/figures.xlsx',
    {
      schema: {
        tags,
        summary: 'The figures per region, by claimant kind, and the claimed-but-late list as an Excel workbook',
        querystring: wishFiguresQuery,
      },
    },
    async (request, reply) => {
      const { workbook, fileName } = await wishes.figuresWorkbook(db, requireActor(request), request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(workbook);
    },
  );
  routes.get(
    '/micro-wishes/wall-settings',
    {
      schema: {
        tags,
        summary: 'What your county’s public wish wall shows',
        response: { 200: wishWallSettingsSchema, ...errorResponses },
      },
    },
    async (request) => wishes.getWallSettings(db, requireActor(request)),
  );
  routes.put(
    '/micro-wishes/wall-settings',
    {
      schema: {
        tags,
        summary:
          'Set what the county’s public wall shows: on or off, the resident’s surname with ** or no name, the ' +
          'village’s name, the claimant unit’s name (county staff)',
        body: wishWallSettingsSchema,
        response: { 200: wishWallSettingsSchema, ...errorResponses },
      },
    },
    async (request) => wishes.saveWallSettings(db, requireActor(request), request.body),
  );
  routes.get(
    '/micro-wishes/:id',
    {
      schema: {
        tags,
        summary: 'One wish with its history; `actions` are the steps you may take now',
        params: wishParams,
        response: { 200: wishDetailSchema, ...errorResponses },
      },
    },
    async (request) => wishes.getWish(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/micro-wishes/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Take a step: approve (publish) or reject with a reason; claim for a party member, cadre or unit with a ' +
          'promised date; fulfil with a note (the photo sent first); acknowledge with the resident’s words and a ' +
          'rating; cancel with a reason. Send the version you saw: 409 wish_changed when someone took a step first ' +
          '(two claimants racing: one wins)',
        params: wishParams,
        body: wishActionBody,
        response: { 200: wishDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const wish = await wishes.takeAction(db, requireActor(request), request.params.id, request.body);
      if (wishes.mayTellResident(request.body.action)) await sendResidentNotices(app.context, request, wish.id);
      return wish;
    },
  );
  routes.put(
    '/micro-wishes/:id/photo',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'The photo of a claimed wish’s fulfilment (JPEG, PNG or WebP, the raw bytes, up to 10 MB), sent before ' +
          'fulfilling it; replaces one sent before',
        params: wishParams,
        response: { 200: wishDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      return wishes.putPhoto(db, files, requireActor(request), request.params.id, photoBytes(request));
    },
  );
  routes.get(
    '/micro-wishes/:id/photo',
    { schema: { tags, summary: 'The photo of the wish’s fulfilment', params: wishParams } },
    async (request, reply) => {
      const photo = await wishes.getPhoto(db, files, requireActor(request), request.params.id);
      return sendPhoto(reply, photo);
    },
  );

  routes.get(
    '/wish-drives',
    {
      schema: {
        tags,
        summary: 'Drives (中秋微心愿 …) of a region’s subtree and those above it reaching into it, with their progress',
        querystring: wishDriveQuery,
        response: { 200: wishDriveListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await wishes.listDrives(db, requireActor(request), request.query.regionId) }),
  );
  routes.post(
    '/wish-drives',
    {
      schema: {
        tags,
        summary: 'Open a drive of a county, town or village: a name, a period and a target count (town and county)',
        body: createWishDriveBody,
        response: { 201: wishDriveSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await wishes.createDrive(db, requireActor(request), request.body)),
  );
  routes.get(
    '/wish-drives/:id',
    {
      schema: {
        tags,
        summary: 'One drive with its progress',
        params: wishParams,
        response: { 200: wishDriveSchema, ...errorResponses },
      },
    },
    async (request) => wishes.getDrive(db, requireActor(request), request.params.id),
  );

  routes.get(
    '/public/wish-wall',
    {
      schema: {
        tags,
        summary:
          'The public wish wall of a county (no sign-in): published wishes and what became of them, only as the ' +
          'county allows (a surname with **, the village, the claimant unit); never a full name, phone, ID number, ' +
          'household, or a minor’s wish',
        querystring: wishWallQuery,
        response: { 200: wishWallSchema, ...errorResponses },
      },
    },
    async (request) => wishes.publicWall(db, request.query),
  );
}
