import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caseFiguresSchema, caseMapQuery, caseMapSchema, figuresQuery } from '../../../shared/api/case-figures.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as figures from './figures.service.js';

const tags = ['cases'];

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
        querystring: figuresQuery,
        response: { 200: caseFiguresSchema, ...errorResponses },
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
        querystring: caseMapQuery,
        response: { 200: caseMapSchema, ...errorResponses },
      },
    },
    async (request) => figures.getCaseMap(db, requireActor(request), request.query),
  );
}
