import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  residentCategoriesQuery,
  residentCategoriesSchema,
  residentCodeBody,
  residentCodeSentSchema,
  residentGridCardQuery,
  residentGridCardSchema,
  residentGridsQuery,
  residentGridsSchema,
  residentMeSchema,
  residentMoralBankSchema,
  residentNoticesSchema,
  residentSessionBody,
  residentSettingsSchema,
  residentWishBody,
  residentWishDrivesSchema,
  residentWishesSchema,
  residentWishSchema,
} from '../../../shared/api/resident.js';
import { ownAcknowledgementBody, wishParams } from '../../../shared/api/wishes.js';
import { sessionSchema } from '../../../shared/api/session.js';
import { originOf, requireActor, sessionCookie, setCookie } from '../../auth/authenticate.js';
import { AppError } from '../../errors.js';
import { errorResponses, sendPhoto } from '../../http.js';
import * as notices from './resident-notices.service.js';
import * as resident from './resident.service.js';

const tags = ['resident'];

export async function residentRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, sms, config, files } = app.context;

  routes.post(
    '/resident/code',
    {
      schema: {
        tags,
        summary:
          'Send a 6-digit sign-in code to a resident’s mobile phone by text message: it works once, for 5 minutes, ' +
          'and replaces any earlier one. At most 5 codes a phone and 20 an address in 15 minutes (429 login_locked)',
        body: residentCodeBody,
        response: { 200: residentCodeSentSchema, ...errorResponses },
      },
    },
    async (request) =>
      resident.sendCode(db, sms, originOf(request), request.body).catch((error: unknown) => {
        // The resident reads "try again"; the operator needs the provider's own reason (a wrong key, a quota).
        if (error instanceof AppError && error.code === 'sms_unavailable') {
          request.log.warn({ reason: error.cause }, 'The SMS provider did not send the sign-in code');
        }
        throw error;
      }),
  );

  routes.post(
    '/resident/session',
    {
      schema: {
        tags,
        summary:
          'Sign a resident in with the code sent to their phone (sets the session cookie, as staff sign-in does) and ' +
          'answer the session. The first sign-in makes the account, linked to the registry person with this phone ' +
          '(their grid) or a guest. A wrong, expired or used code is 401 invalid_credentials and counts against ' +
          'the phone and the address (429 login_locked)',
        body: residentSessionBody,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { token, session } = await resident.signIn(db, config, originOf(request), request.body);
      setCookie(reply, sessionCookie, token);
      return session;
    },
  );

  routes.get(
    '/resident/me',
    {
      schema: {
        tags,
        summary:
          'The signed-in resident: their name, their phone with only the last 4 digits shown, the registry person ' +
          'and household address it matched (null for a guest) and their grid. Residents only (403 for staff)',
        response: { 200: residentMeSchema, ...errorResponses },
      },
    },
    async (request) => resident.readMe(db, requireActor(request)),
  );

  routes.get(
    '/resident/notices',
    {
      schema: {
        tags,
        summary:
          'What the signed-in resident was told about their own cases (handled: confirm and rate it; closed) and ' +
          'wishes (claimed; fulfilled: acknowledge it), the latest 50, newest first: the same events as their text ' +
          'messages, for a resident without them. Their own only. Residents only',
        response: { 200: residentNoticesSchema, ...errorResponses },
      },
    },
    async (request) => notices.listNotices(db, requireActor(request)),
  );

  routes.put(
    '/resident/settings',
    {
      schema: {
        tags,
        summary:
          'The signed-in resident’s settings: smsNotices turns the text messages about their cases and wishes on ' +
          '(the default) or off; the notices still show on their page. Audited as account.update. Residents only',
        body: residentSettingsSchema,
        response: { 200: residentSettingsSchema, ...errorResponses },
      },
    },
    async (request) => notices.saveSettings(db, requireActor(request), request.body),
  );

  routes.get(
    '/resident/moral-bank',
    {
      schema: {
        tags,
        summary:
          'The signed-in resident’s moral-bank account: the balance and the latest 50 entries that count, newest ' +
          'first. 404 account_not_found for a guest (no registry person with their phone). Residents only',
        response: { 200: residentMoralBankSchema, ...errorResponses },
      },
    },
    async (request) => resident.readMoralBank(db, requireActor(request)),
  );

  const guestWishes =
    '403 forbidden for a guest (no registry person with their phone: the village registers them first)';

  routes.get(
    '/resident/wish-drives',
    {
      schema: {
        tags,
        summary:
          'The seasonal drives (中秋微心愿 …) the signed-in resident may make a wish in: those reaching their area and ' +
          `open today (China time), soonest ending first. ${guestWishes}`,
        response: { 200: residentWishDrivesSchema, ...errorResponses },
      },
    },
    async (request) => resident.listWishDrives(db, requireActor(request)),
  );

  routes.get(
    '/resident/wishes',
    {
      schema: {
        tags,
        summary:
          'The signed-in resident’s own micro-wishes, the latest 100, newest first, each with its status and ' +
          `history; who claimed shows as on the public wall (a unit’s name, never a person’s). ${guestWishes}`,
        response: { 200: residentWishesSchema, ...errorResponses },
      },
    },
    async (request) => resident.listWishes(db, requireActor(request)),
  );

  routes.post(
    '/resident/wishes',
    {
      schema: {
        tags,
        summary:
          'Make a micro-wish for oneself: it waits for the village’s review, as one staff register does, and the ' +
          'village’s accounts are told. The same client id sent again answers the wish it made (200, not 201). ' +
          guestWishes,
        body: residentWishBody,
        response: { 200: residentWishSchema, 201: residentWishSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { wish, isNew } = await resident.makeWish(db, requireActor(request), request.body);
      return reply.code(isNew ? 201 : 200).send(wish);
    },
  );

  routes.post(
    '/resident/wishes/:id/acknowledge',
    {
      schema: {
        tags,
        summary:
          'Acknowledge one’s own fulfilled wish with one’s words and, if one likes, 1 to 5 stars. 409 wish_changed ' +
          `when it is not fulfilled or the version moved on; 404 wish_not_found for anyone else’s. ${guestWishes}`,
        params: wishParams,
        body: ownAcknowledgementBody,
        response: { 200: residentWishSchema, ...errorResponses },
      },
    },
    async (request) => resident.acknowledgeWish(db, requireActor(request), request.params.id, request.body),
  );

  routes.get(
    '/resident/wishes/:id/photo',
    {
      schema: {
        tags,
        summary: 'The photo of one’s own fulfilled wish; 404 wish_not_found for anyone else’s',
        params: wishParams,
      },
    },
    async (request, reply) =>
      sendPhoto(reply, await resident.readWishPhoto(db, files, requireActor(request), request.params.id)),
  );

  routes.get(
    '/resident/grids',
    {
      schema: {
        tags,
        summary:
          'Grids a resident may report in, public names only: by part of the grid’s or its village’s name or by the ' +
          'grid’s code (q, at most 20), or the grid at a point (lat, lng; none when no grid holds it). Residents only',
        querystring: residentGridsQuery,
        response: { 200: residentGridsSchema, ...errorResponses },
      },
    },
    async (request) => resident.findGrids(db, requireActor(request), request.query),
  );

  routes.get(
    '/resident/categories',
    {
      schema: {
        tags,
        summary:
          'The county’s catalogue as residents report from it: the active items’ codes and names. Residents only',
        querystring: residentCategoriesQuery,
        response: { 200: residentCategoriesSchema, ...errorResponses },
      },
    },
    async (request) => resident.listCategories(db, requireActor(request), request.query.countyId),
  );

  routes.get(
    '/resident/grid-card',
    {
      schema: {
        tags,
        summary:
          'A grid’s 亮身份 card, the resident’s own unless gridId names another: its full name, its people’s names ' +
          'by position and the nearest service centre’s published phone, as its QR poster prints them; never a ' +
          'personal phone. 404 region_not_found for a guest without gridId. Residents only',
        querystring: residentGridCardQuery,
        response: { 200: residentGridCardSchema, ...errorResponses },
      },
    },
    async (request) => resident.readGridCard(db, requireActor(request), request.query.gridId),
  );
}
