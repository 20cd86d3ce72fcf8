import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  boundariesQuery,
  boundaryImportResultSchema,
  boundaryUploadBody,
  createRegionBody,
  featureCollectionSchema,
  listRegionsQuery,
  locatedRegionSchema,
  locateRegionQuery,
  regionDetailSchema,
  regionIdParams,
  regionPageSchema,
  regionSearchResultSchema,
  searchRegionsQuery,
  updateRegionBody,
} from '../../../shared/api/regions.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as service from './regions.service.js';

const tags = ['regions'];

export async function regionRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/regions',
    {
      schema: {
        tags,
        summary: 'Child regions of a region, or the roots of your scope without parentId',
        querystring: listRegionsQuery,
        response: { 200: regionPageSchema, ...errorResponses },
      },
    },
    async (request) => ({
      items: await service.listRegions(db, requireActor(request), request.query.parentId),
      nextCursor: null,
    }),
  );

  routes.get(
    '/regions/search',
    {
      schema: {
        tags,
        summary: 'Regions in scope whose name contains, or code starts with, the text',
        querystring: searchRegionsQuery,
        response: { 200: regionSearchResultSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await service.searchRegions(db, requireActor(request), request.query.q) }),
  );

  routes.get(
    '/regions/locate',
    {
      schema: {
        tags,
        summary: 'The deepest region in scope whose boundary contains a point (WGS 84)',
        querystring: locateRegionQuery,
        response: { 200: locatedRegionSchema, ...errorResponses },
      },
    },
    async (request) => service.locatePoint(db, requireActor(request), request.query.lng, request.query.lat),
  );

  routes.get(
    '/regions/:id',
    {
      schema: {
        tags,
        summary: 'One region with its boundary, ancestors in scope and staff counts',
        params: regionIdParams,
        response: { 200: regionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.getRegion(db, requireActor(request), request.params.id),
  );

  routes.post(
    '/regions',
    {
      schema: {
        tags,
        summary:
          'Add a child region (optionally with its boundary); its code is the next free sequence under the parent',
        body: createRegionBody,
        response: { 201: regionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createRegion(db, requireActor(request), request.body)),
  );

  routes.patch(
    '/regions/:id',
    {
      schema: {
        tags,
        summary: 'Rename a region, change its kind or its boundary (inside its parent, clear of its siblings)',
        params: regionIdParams,
        body: updateRegionBody,
        response: { 200: regionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.updateRegion(db, requireActor(request), request.params.id, request.body),
  );

  routes.get(
    '/regions/:id/boundaries',
    {
      schema: {
        tags,
        summary: 'Boundaries of the descendants at one level, as a GeoJSON FeatureCollection',
        params: regionIdParams,
        querystring: boundariesQuery,
        response: { 200: featureCollectionSchema, ...errorResponses },
      },
    },
    async (request) => service.exportBoundaries(db, requireActor(request), request.params.id, request.query.level),
  );

  routes.put(
    '/regions/:id/boundaries',
    {
      schema: {
        tags,
        summary:
          'Import boundaries of regions below this one, matched by properties.code (all or nothing, checked by the boundary rules)',
        params: regionIdParams,
        body: boundaryUploadBody,
        response: { 200: boundaryImportResultSchema, ...errorResponses },
      },
    },
    async (request) => service.importBoundaries(db, requireActor(request), request.params.id, request.body),
  );
}
