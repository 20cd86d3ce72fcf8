import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { revealQuery } from '../../../shared/api/common.js';
import {
  coverageQuery,
  coverageSchema,
  createHouseholdBody,
  createPersonBody,
  createPlaceBody,
  householdPageSchema,
  householdSchema,
  idParams,
  listHouseholdsQuery,
  listPersonsQuery,
  listPlacesQuery,
  personPageSchema,
  personSchema,
  placePageSchema,
  placeSchema,
  tagListSchema,
  updateHouseholdBody,
  updatePersonBody,
  updatePlaceBody,
} from '../../../shared/api/registry.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import { getCoverage } from './coverage.service.js';
import * as households from './households.service.js';
import * as persons from './persons.service.js';
import * as places from './places.service.js';
import { listTags } from './tags.service.js';

export async function registryRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/persons',
    {
      schema: {
        tags: ['registry'],
        summary:
          'Find people in scope: q searches name, pinyin or initials, or the end of an ID number or phone (without ' +
          'sensitive.read: only the whole number or its last 4 digits, and 10 number searches per 15 minutes, then ' +
          '429 search_throttled); a tag the caller may not see matches nothing, like an unknown one; ' +
          'householdId lists a household’s members. The first page carries the total, counted up to 10,000 ' +
          '(isTotalCapped: there are more).',
        querystring: listPersonsQuery,
        response: { 200: personPageSchema, ...errorResponses },
      },
    },
    async (request) => persons.listPersons(db, requireActor(request), request.query),
  );
  routes.get(
    '/persons/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'One person, masked; reveal=true with a reason shows the ID number and phone (audited)',
        params: idParams,
        querystring: revealQuery,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) =>
      persons.getPerson(db, requireActor(request), request.params.id, {
        isAsked: request.query.reveal,
        reason: request.query.reason,
      }),
  );
  routes.post(
    '/persons',
    {
      schema: {
        tags: ['registry'],
        summary: 'Register a person in a grid or a household',
        body: createPersonBody,
        response: { 201: personSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await persons.createPerson(db, requireActor(request), request.body)),
  );
  routes.patch(
    '/persons/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'Change or move a person',
        params: idParams,
        body: updatePersonBody,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) => persons.updatePerson(db, requireActor(request), request.params.id, request.body),
  );
  routes.delete(
    '/persons/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'Remove a person from the registry',
        params: idParams,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await persons.deletePerson(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  routes.get(
    '/households',
    {
      schema: {
        tags: ['registry'],
        summary: 'Households of a region and its subtree; q searches the address',
        querystring: listHouseholdsQuery,
        response: { 200: householdPageSchema, ...errorResponses },
      },
    },
    async (request) => households.listHouseholds(db, requireActor(request), request.query),
  );
  routes.get(
    '/households/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'A household with its member count; its members are GET /persons?householdId=…',
        params: idParams,
        response: { 200: householdSchema, ...errorResponses },
      },
    },
    async (request) => households.getHousehold(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/households',
    {
      schema: {
        tags: ['registry'],
        summary: 'Register a household at an address in a grid',
        body: createHouseholdBody,
        response: { 201: householdSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await households.createHousehold(db, requireActor(request), request.body)),
  );
  routes.patch(
    '/households/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'Change a household, set its head, or move it (with its members) to another grid',
        params: idParams,
        body: updateHouseholdBody,
        response: { 200: householdSchema, ...errorResponses },
      },
    },
    async (request) => households.updateHousehold(db, requireActor(request), request.params.id, request.body),
  );
  routes.delete(
    '/households/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'Remove an empty household; one with members answers 409 household_not_empty',
        params: idParams,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await households.deleteHousehold(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  routes.get(
    '/places',
    {
      schema: {
        tags: ['registry'],
        summary: 'Places and enterprises of a region and its subtree, by name; q finds text in the name or address',
        querystring: listPlacesQuery,
        response: { 200: placePageSchema, ...errorResponses },
      },
    },
    async (request) => places.listPlaces(db, requireActor(request), request.query),
  );
  routes.get(
    '/places/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'One place',
        params: idParams,
        response: { 200: placeSchema, ...errorResponses },
      },
    },
    async (request) => places.getPlace(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/places',
    {
      schema: {
        tags: ['registry'],
        summary: 'Register a place in a grid',
        body: createPlaceBody,
        response: { 201: placeSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await places.createPlace(db, requireActor(request), request.body)),
  );
  routes.patch(
    '/places/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'Change a place',
        params: idParams,
        body: updatePlaceBody,
        response: { 200: placeSchema, ...errorResponses },
      },
    },
    async (request) => places.updatePlace(db, requireActor(request), request.params.id, request.body),
  );
  routes.delete(
    '/places/:id',
    { schema: { tags: ['registry'], summary: 'Remove a place', params: idParams, response: noContentResponses } },
    async (request, reply) => {
      await places.deletePlace(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  routes.get(
    '/tags',
    {
      schema: {
        tags: ['registry'],
        summary: 'Special-group tags you may see',
        response: { 200: tagListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await listTags(db, requireActor(request)) }),
  );
  routes.get(
    '/registry/coverage',
    {
      schema: {
        tags: ['registry'],
        summary: 'Households, persons and complete records under each child of a region',
        querystring: coverageQuery,
        response: { 200: coverageSchema, ...errorResponses },
      },
    },
    async (request) => getCoverage(db, requireActor(request), request.query.regionId),
  );
}
