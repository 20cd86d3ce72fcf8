import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regionLevels } from '../../../shared/policy.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, listSchema } from '../../http.js';
import {
  createRegionBody,
  featureCollectionSchema,
  regionDetailSchema,
  regionIdParams,
  regionSummarySchema,
  updateRegionBody,
} from './regions.schemas.js';
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
        querystring: z.object({ parentId: z.uuid().optional() }),
        response: { 200: listSchema(regionSummarySchema), ...errorResponses },
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
        querystring: z.object({ q: z.string().trim().min(1).max(50) }),
        response: { 200: z.object({ items: z.array(regionSummarySchema) }), ...errorResponses },
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
        querystring: z.object({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
        response: {
          200: z.object({ region: regionSummarySchema.nullable(), path: z.array(regionSummarySchema) }),
          ...errorResponses,
        },
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
        querystring: z.object({ level: z.enum(regionLevels).optional() }),
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
        body: z.unknown(),
        response: { 200: z.object({ updated: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => service.importBoundaries(db, requireActor(request), request.params.id, request.body),
  );
}
