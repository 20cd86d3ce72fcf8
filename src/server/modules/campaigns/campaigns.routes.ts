import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  campaignKindBody,
  campaignKindListQuery,
  campaignKindParams,
  campaignKindQuery,
  campaignKindSchema,
  campaignKindsSchema,
  campaignPageSchema,
  campaignParams,
  campaignProblemsSchema,
  campaignProgressSchema,
  campaignRecordsQuery,
  campaignSchema,
  campaignTaskParams,
  campaignTaskSchema,
  campaignTasksSchema,
  campaignVisitsSchema,
  createCampaignBody,
  createTaskBody,
  listCampaignsQuery,
  myCampaignTasksSchema,
  updateCampaignBody,
  updateTaskBody,
} from '../../../shared/api/campaigns.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import * as campaigns from './campaigns.service.js';
import { writeSummary } from './campaign-summary.service.js';

const tags = ['campaigns'];

export async function campaignRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/campaign-kinds',
    {
      schema: {
        tags,
        summary:
          'The kinds of campaign of your county: the defaults (我当一天网格员, 敲门行动 …) and its own; retired ones ' +
          'too with includeRetired=true. An account spanning counties names one (countyId)',
        querystring: campaignKindListQuery,
        response: { 200: campaignKindsSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await campaigns.listKinds(db, requireActor(request), request.query) }),
  );
  routes.put(
    '/campaign-kinds/:code',
    {
      schema: {
        tags,
        summary: 'Add a kind of campaign to your county, rename one or retire it (isActive false): county staff',
        params: campaignKindParams,
        querystring: campaignKindQuery,
        body: campaignKindBody,
        response: { 200: campaignKindSchema, ...errorResponses },
      },
    },
    async (request) =>
      campaigns.saveKind(db, requireActor(request), request.params.code, request.body, request.query.countyId),
  );

  routes.get(
    '/campaigns',
    {
      schema: {
        tags,
        summary:
          'Campaigns covering some of your area, newest start first. Filters: status (planned, running, finished, ' +
          'cancelled), regionId (campaigns covering some of its subtree).',
        querystring: listCampaignsQuery,
        response: { 200: campaignPageSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.listCampaigns(db, requireActor(request), request.query),
  );
  routes.post(
    '/campaigns',
    {
      schema: {
        tags,
        summary:
          'Start a campaign over regions of your area (village and up; a grid leader in their grid): its kind, ' +
          'period, target households (tags), participants (staff records or named volunteers and units)',
        body: createCampaignBody,
        response: { 201: campaignSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await campaigns.createCampaign(db, requireActor(request), request.body)),
  );
  routes.get(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary:
          'One campaign with its participants and live tallies, counted within your area: person-times, ' +
          'households reached, target coverage, problems found and solved',
        params: campaignParams,
        response: { 200: campaignSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.getCampaign(db, requireActor(request), request.params.id),
  );
  routes.patch(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary:
          'Change a campaign (your area must hold every region it covers): any field; participants replace the ' +
          'list; isCancelled cancels it',
        params: campaignParams,
        body: updateCampaignBody,
        response: { 200: campaignSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.updateCampaign(db, requireActor(request), request.params.id, request.body),
  );
  routes.get(
    '/campaigns/:id/progress',
    {
      schema: {
        tags,
        summary:
          'Progress per region of the campaign: targets, reached, the rate, person-times, problems; the total; ' +
          'each participant’s person-times',
        params: campaignParams,
        response: { 200: campaignProgressSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.getProgress(db, requireActor(request), request.params.id),
  );
  routes.get(
    '/campaigns/:id/problems',
    {
      schema: {
        tags,
        summary: 'The problems (cases) found under the campaign, newest first, and how many in all',
        params: campaignParams,
        querystring: campaignRecordsQuery,
        response: { 200: campaignProblemsSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.listProblems(db, requireActor(request), request.params.id, request.query.limit),
  );
  routes.get(
    '/campaigns/:id/visits',
    {
      schema: {
        tags,
        summary: 'The visits made under the campaign, newest first, and how many in all',
        params: campaignParams,
        querystring: campaignRecordsQuery,
        response: { 200: campaignVisitsSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.listVisits(db, requireActor(request), request.params.id, request.query.limit),
  );
  routes.get(
    '/campaigns/:id/summary.xlsx',
    {
      schema: {
        tags,
        summary:
          'The campaign’s summary as an Excel workbook: its tallies, per region, participants with their ' +
          'person-times, and the problems found (names, not codes)',
        params: campaignParams,
      },
    },
    async (request, reply) => {
      const { fileName, content } = await writeSummary(db, requireActor(request), request.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(content);
    },
  );

  routes.get(
    '/campaigns/my-tasks',
    {
      schema: {
        tags,
        summary:
          'The field app’s 今日任务: the running campaigns covering your area, each with its open tasks assigned to ' +
          'you (as a participant) or to nobody yet',
        response: { 200: myCampaignTasksSchema, ...errorResponses },
      },
    },
    async (request) => campaigns.listMyTasks(db, requireActor(request)),
  );
  routes.get(
    '/campaigns/:id/tasks',
    {
      schema: {
        tags,
        summary: 'The campaign’s tasks, oldest first',
        params: campaignParams,
        response: { 200: campaignTasksSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await campaigns.listTasks(db, requireActor(request), request.params.id) }),
  );
  routes.post(
    '/campaigns/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Add a task to the campaign: a title, an optional due date, one of its participants',
        params: campaignParams,
        body: createTaskBody,
        response: { 201: campaignTaskSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await campaigns.createTask(db, requireActor(request), request.params.id, request.body)),
  );
  routes.patch(
    '/campaigns/:id/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Change a task; its assignee may mark it done (isDone) without the right to change the campaign',
        params: campaignTaskParams,
        body: updateTaskBody,
        response: { 200: campaignTaskSchema, ...errorResponses },
      },
    },
    async (request) =>
      campaigns.updateTask(db, requireActor(request), request.params.id, request.params.taskId, request.body),
  );
  routes.delete(
    '/campaigns/:id/tasks/:taskId',
    {
      schema: { tags, summary: 'Remove a task', params: campaignTaskParams, response: noContentResponses },
    },
    async (request, reply) => {
      await campaigns.deleteTask(db, requireActor(request), request.params.id, request.params.taskId);
      return reply.code(204).send(null);
    },
  );
}
