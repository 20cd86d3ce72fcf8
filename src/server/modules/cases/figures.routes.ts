import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseLevels, caseSources, caseStatuses } from '../../../shared/cases.js';
import { regionLevels } from '../../../shared/policy.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as figures from './figures.service.js';

const tags = ['cases'];

const headlineSchema = z.object({
  reported: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  onTimeRate: z.number().nullable(),
  closedAt: z.record(z.enum(caseLevels), z.object({ closed: z.number().int(), share: z.number().nullable() })),
  averageHoursToClose: z.number().nullable(),
  satisfaction: z.object({ average: z.number().nullable(), count: z.number().int() }),
  /** Urgings (督办) given in the period. */
  urged: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
});

const regionSchema = z.object({ id: z.uuid(), name: z.string(), level: z.enum(regionLevels) });

const figuresSchema = headlineSchema.extend({
  region: regionSchema.extend({ code: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  byCategory: z.array(z.object({ code: z.string(), reported: z.number().int(), closed: z.number().int() })),
  bySource: z.array(z.object({ source: z.enum(caseSources), reported: z.number().int(), closed: z.number().int() })),
  children: z.array(headlineSchema.extend(regionSchema.shape)),
});

const mapSchema = z.object({
  type: z.literal('FeatureCollection'),
  /** Every open case of the region now, with a location or without: the figures' `open`. */
  open: z.number().int(),
  overdue: z.number().int(),
  truncated: z.boolean(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        id: z.uuid(),
        number: z.string(),
        category: z.string(),
        status: z.enum(caseStatuses),
        level: z.enum(caseLevels),
        isOverdue: z.boolean(),
      }),
    }),
  ),
});

export async function caseFigureRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/cases/figures',
    {
      schema: {
        tags,
        summary:
          'Case figures of a region (default: your scope) for a period of China dates (default: this month to ' +
          'today, at most 3 years): reported, closed, on time, where closed, hours to close, satisfaction; open ' +
          'and overdue now; by catalogue item, by source, and per child region.',
        querystring: figures.figuresQuery,
        response: { 200: figuresSchema, ...errorResponses },
      },
    },
    async (request) => figures.getFigures(db, requireActor(request), request.query),
  );
  routes.get(
    '/cases/map',
    {
      schema: {
        tags,
        summary: `Open cases with a location in a region (default: your scope) as GeoJSON points, newest first; at most ${figures.mapLimit}, \`truncated\` says when there were more. \`open\` and \`overdue\` count all open cases of the region, as its figures do.`,
        querystring: figures.mapQuery,
        response: { 200: mapSchema, ...errorResponses },
      },
    },
    async (request) => figures.getCaseMap(db, requireActor(request), request.query),
  );
}
