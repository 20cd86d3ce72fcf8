import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countyQuery } from '../../../shared/api/case-catalogue.js';
import {
  contactBody,
  createPairingBody,
  pairingActionBody,
  pairingDetailSchema,
  pairingFiguresQuery,
  pairingFiguresSchema,
  pairingKindBody,
  pairingKindListSchema,
  pairingKindParams,
  pairingKindSchema,
  pairingPageSchema,
  pairingParams,
  pairingQuery,
} from '../../../shared/api/pairings.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as pairings from './pairings.service.js';

const tags = ['pairings'];

export async function pairingRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/pairings',
    {
      schema: {
        tags,
        summary:
          'Pairings (结对帮扶) in scope, the soonest due first. Filters: regionId (a subtree), kind, status, ' +
          'overdue=true (the worklist: active pairings whose next contact is past due), mine=true (your staff ' +
          'record helps), helperId, helpedId',
        querystring: pairingQuery,
        response: { 200: pairingPageSchema, ...errorResponses },
      },
    },
    async (request) => pairings.listPairings(db, requireActor(request), request.query),
  );
  routes.post(
    '/pairings',
    {
      schema: {
        tags,
        summary:
          'Pair a helper (staffId, personId of a party member, or unitId, as the kind says) with a helped resident, ' +
          'household, village or place. A one-to-one kind (parent_student) answers 409 pairing_taken when the ' +
          'helped side already has an active pairing of the kind',
        body: createPairingBody,
        response: { 201: pairingDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await pairings.createPairing(db, requireActor(request), request.body)),
  );
  routes.get(
    '/pairings/figures',
    {
      schema: {
        tags,
        summary:
          'Pairing figures of a region and period (China dates, inclusive; the last 90 days by default), per kind ' +
          'and per kind for each region below: pairings active, contacts, contacts that gave help, overdue today',
        querystring: pairingFiguresQuery,
        response: { 200: pairingFiguresSchema, ...errorResponses },
      },
    },
    async (request) => pairings.pairingFigures(db, requireActor(request), request.query),
  );
  routes.get(
    '/pairings/figures.xlsx',
    {
      schema: {
        tags,
        summary: 'The pairing figures as an .xlsx workbook (Chinese headers, names not codes)',
        querystring: pairingFiguresQuery,
      },
    },
    async (request, reply) => {
      const { content, fileName } = await pairings.writeFiguresWorkbook(db, requireActor(request), request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(content);
    },
  );
  routes.get(
    '/pairings/:id',
    {
      schema: {
        tags,
        summary: 'One pairing with its contacts, newest first; a helped minor’s name follows the registry’s masking',
        params: pairingParams,
        response: { 200: pairingDetailSchema, ...errorResponses },
      },
    },
    async (request) => pairings.getPairing(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/pairings/:id/actions',
    {
      schema: {
        tags,
        summary:
          'End a pairing with a reason, or resume an ended one (the village and up). Send the version you saw: 409 ' +
          'pairing_changed when someone changed it first',
        params: pairingParams,
        body: pairingActionBody,
        response: { 200: pairingDetailSchema, ...errorResponses },
      },
    },
    async (request) => pairings.takeAction(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/pairings/:id/contacts',
    {
      schema: {
        tags,
        summary:
          'Record a contact (visit, help, call, other) on a day from the start to today, optionally naming the ' +
          'visits module’s record of the visit (GET /api/v1/visits/{id}); it keeps the pairing off the overdue list',
        params: pairingParams,
        body: contactBody,
        response: { 201: pairingDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await pairings.recordContact(db, requireActor(request), request.params.id, request.body)),
  );

  routes.get(
    '/pairing-kinds',
    {
      schema: {
        tags,
        summary: 'The pairing kinds of your county: the defaults (with the county’s names and frequencies) and its own',
        querystring: countyQuery,
        response: { 200: pairingKindListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      items: await pairings.listCountyKinds(db, requireActor(request), request.query.countyId),
    }),
  );
  routes.put(
    '/pairing-kinds/:code',
    {
      schema: {
        tags,
        summary:
          'Add a pairing kind, or rename one, change its contact frequency or retire it (county staff); a default ' +
          'kind keeps its sides and its one-to-one rule',
        params: pairingKindParams,
        querystring: countyQuery,
        body: pairingKindBody,
        response: { 200: pairingKindSchema, ...errorResponses },
      },
    },
    async (request) =>
      pairings.saveKind(db, requireActor(request), request.params.code, request.body, request.query.countyId),
  );
}
