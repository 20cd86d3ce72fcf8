import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countyQuery } from '../../../shared/api/case-catalogue.js';
import {
  createUnitBody,
  unitListSchema,
  unitParams,
  unitQuery,
  unitSchema,
  updateUnitBody,
} from '../../../shared/api/units.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as units from './units.service.js';

const tags = ['units'];

export async function unitRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/units',
    {
      schema: {
        tags,
        summary:
          'The units (共建单位: departments, enterprises, schools …) of your county, by name; every account of the ' +
          'county reads them. Retired ones only with includeRetired; an account that spans counties names countyId',
        querystring: unitQuery,
        response: { 200: unitListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await units.listUnits(db, requireActor(request), request.query) }),
  );
  routes.post(
    '/units',
    {
      schema: {
        tags,
        summary: 'Add a unit to the county’s list (county staff: unit.manage)',
        querystring: countyQuery,
        body: createUnitBody,
        response: { 201: unitSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await units.createUnit(db, requireActor(request), request.body, request.query.countyId)),
  );
  routes.patch(
    '/units/:id',
    {
      schema: {
        tags,
        summary:
          'Rename a unit, change its contact, or retire it (isRetired: true): a retired unit keeps its pairings and ' +
          'history and is offered no more',
        params: unitParams,
        body: updateUnitBody,
        response: { 200: unitSchema, ...errorResponses },
      },
    },
    async (request) => units.updateUnit(db, requireActor(request), request.params.id, request.body),
  );
}
