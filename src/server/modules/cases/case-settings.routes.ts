import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caseSettingsSchema, countyQuery } from '../../../shared/api/case-catalogue.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import { getCaseSettings, saveCaseSettings } from './case-settings.service.js';

const tags = ['cases'];

export async function caseSettingsRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.context;

  routes.get(
    '/case-settings',
    {
      schema: {
        tags,
        summary: 'Your county’s working calendar (holidays, make-up working days) and group robots (county staff)',
        querystring: countyQuery,
        response: { 200: caseSettingsSchema, ...errorResponses },
      },
    },
    async (request) => getCaseSettings(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/case-settings',
    {
      schema: {
        tags,
        summary:
          'Replace the county’s case settings: holidays and make-up working days (YYYY-MM-DD) count in working-day ' +
          'time limits; escalations and overdue cases are posted to the group robots (WeCom or DingTalk, http/https). ' +
          'A robot address inside this machine or a private network answers 400 webhook_url_not_allowed.',
        querystring: countyQuery,
        body: caseSettingsSchema,
        response: { 200: caseSettingsSchema, ...errorResponses },
      },
    },
    async (request) =>
      saveCaseSettings(db, requireActor(request), request.body, {
        countyId: request.query.countyId,
        isPrivateWebhookAllowed: config.isPrivateWebhookAllowed,
      }),
  );
}
