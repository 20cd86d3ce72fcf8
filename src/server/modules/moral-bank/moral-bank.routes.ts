import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  accountListQuery,
  accountListSchema,
  accountQuery,
  accountSchema,
  catalogueQuery,
  correctionBody,
  decisionBody,
  depositBody,
  entryPageSchema,
  entryQuery,
  entrySchema,
  figuresQuery,
  figuresSchema,
  moralBankIdParams,
  monthQuery,
  personIdParams,
  photoQuery,
  photoUploadSchema,
  rankingSchema,
  redemptionBody,
  refusalBody,
  rewardBody,
  rewardChangeBody,
  rewardListSchema,
  rewardSchema,
  ruleBody,
  ruleChangeBody,
  ruleListSchema,
  ruleSchema,
  settingsBody,
  settingsSchema,
  statementQuery,
} from '../../../shared/api/moral-bank.js';
import { requireActor } from '../../auth/authenticate.js';
import { acceptPhotos, errorResponses, photoOf, sendPhoto } from '../../http.js';
import { photoLimit } from '../../storage/photos.js';
import * as bank from './moral-bank.service.js';

const tags = ['moral-bank'];

export async function moralBankRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, files } = app.context;
  acceptPhotos(app);

  routes.post(
    '/moral-bank/deposits',
    {
      schema: {
        tags,
        summary:
          'Record a deposit (存入) of points for a resident with a reason, under an earning rule (its points are the ' +
          'most one deposit gives; its limit per period answers 409 rule_limit_reached) or without one (at most 50, ' +
          'approved by the village). status: recorded, or pending_approval when the rule asks the village first. ' +
          'With a client id (id) sent again by the same account: 200 with the deposit already recorded; used by ' +
          'another account: 409 client_id_taken',
        body: depositBody,
        response: { 200: entrySchema, 201: entrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { entry, isNew } = await bank.deposit(db, requireActor(request), request.body);
      return reply.code(isNew ? 201 : 200).send(entry);
    },
  );
  routes.post(
    '/moral-bank/redemptions',
    {
      schema: {
        tags,
        summary:
          'Redeem a reward of the resident’s village catalogue (兑换): one item and its points go together. 409 ' +
          'reward_out_of_stock or points_insufficient when either runs out; racing redemptions never both take the last',
        body: redemptionBody,
        response: { 201: entrySchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await bank.redeem(db, requireActor(request), request.body)),
  );
  routes.get(
    '/moral-bank/accounts',
    {
      schema: {
        tags,
        summary:
          'Accounts of a region (your scope by default), the largest balance first; q finds residents by the start ' +
          'of their name or its pinyin, to open their account',
        querystring: accountListQuery,
        response: { 200: accountListSchema, ...errorResponses },
      },
    },
    async (request) => bank.listAccounts(db, requireActor(request), request.query),
  );
  routes.get(
    '/moral-bank/accounts/:personId',
    {
      schema: {
        tags,
        summary:
          'A resident’s account: balance, points waiting for approval, earned, spent, a page of its entries, and the ' +
          'household’s account (its members’ accounts together)',
        params: personIdParams,
        querystring: accountQuery,
        response: { 200: accountSchema, ...errorResponses },
      },
    },
    async (request) => bank.getAccount(db, requireActor(request), request.params.personId, request.query),
  );
  routes.get(
    '/moral-bank/entries',
    {
      schema: {
        tags,
        summary:
          'The ledger of a region, newest first. Filters: personId, kind, status (pending_approval: the approvals ' +
          'waiting), from and to (China dates of recording)',
        querystring: entryQuery,
        response: { 200: entryPageSchema, ...errorResponses },
      },
    },
    async (request) => bank.listEntries(db, requireActor(request), request.query),
  );
  routes.get(
    '/moral-bank/entries/:id',
    {
      schema: { tags, summary: 'One entry of the ledger', params: moralBankIdParams, response: { 200: entrySchema } },
    },
    async (request) => bank.readEntry(db, requireActor(request), request.params.id),
  );
  routes.post(
    '/moral-bank/entries/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a deposit waiting for the village (bank president): its points count from now',
        params: moralBankIdParams,
        body: decisionBody,
        response: { 200: entrySchema, ...errorResponses },
      },
    },
    async (request) => bank.decide(db, requireActor(request), request.params.id, 'approve', request.body.reason),
  );
  routes.post(
    '/moral-bank/entries/:id/refuse',
    {
      schema: {
        tags,
        summary: 'Refuse a deposit waiting for the village, with a reason: its points never count',
        params: moralBankIdParams,
        body: refusalBody,
        response: { 200: entrySchema, ...errorResponses },
      },
    },
    async (request) => bank.decide(db, requireActor(request), request.params.id, 'refuse', request.body.reason),
  );
  routes.post(
    '/moral-bank/entries/:id/corrections',
    {
      schema: {
        tags,
        summary:
          'Correct an entry by a new one naming it (the ledger is never edited): signed points and a reason. Taking ' +
          'back more than the balance holds answers 409 points_insufficient',
        params: moralBankIdParams,
        body: correctionBody,
        response: { 201: entrySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await bank.correct(db, requireActor(request), request.params.id, request.body)),
  );

  routes.get(
    '/moral-bank/rules',
    {
      schema: {
        tags,
        summary: 'Earning rules in force for a region: its county’s and its village’s',
        querystring: catalogueQuery,
        response: { 200: ruleListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await bank.listRules(db, requireActor(request), request.query) }),
  );
  routes.post(
    '/moral-bank/rules',
    {
      schema: {
        tags,
        summary: 'Add an earning rule to the county (it holds in every village) or to a village',
        body: ruleBody,
        response: { 201: ruleSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await bank.createRule(db, requireActor(request), request.body)),
  );
  routes.patch(
    '/moral-bank/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change or retire an earning rule set in your subtree',
        params: moralBankIdParams,
        body: ruleChangeBody,
        response: { 200: ruleSchema, ...errorResponses },
      },
    },
    async (request) => bank.updateRule(db, requireActor(request), request.params.id, request.body),
  );

  routes.get(
    '/moral-bank/rewards',
    {
      schema: {
        tags,
        summary: 'The reward catalogue of a region: a grid’s is its village’s',
        querystring: catalogueQuery,
        response: { 200: rewardListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await bank.listRewards(db, requireActor(request), request.query) }),
  );
  routes.post(
    '/moral-bank/rewards',
    {
      schema: {
        tags,
        summary: 'Add a reward to a village’s catalogue (your village by default) with its points and stock',
        body: rewardBody,
        response: { 201: rewardSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await bank.createReward(db, requireActor(request), request.body)),
  );
  routes.patch(
    '/moral-bank/rewards/:id',
    {
      schema: {
        tags,
        summary: 'Rename, reprice, restock (addStock adds items) or retire a reward',
        params: moralBankIdParams,
        body: rewardChangeBody,
        response: { 200: rewardSchema, ...errorResponses },
      },
    },
    async (request) => bank.updateReward(db, requireActor(request), request.params.id, request.body),
  );

  routes.get(
    '/moral-bank/settings',
    { schema: { tags, summary: 'Your county’s moral bank settings', response: { 200: settingsSchema } } },
    async (request) => bank.getSettings(db, requireActor(request)),
  );
  routes.put(
    '/moral-bank/settings',
    {
      schema: {
        tags,
        summary: 'Turn the households of the month on or off (county administrators)',
        body: settingsBody,
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => bank.saveSettings(db, requireActor(request), request.body.rankingsEnabled),
  );
  routes.get(
    '/moral-bank/rankings',
    {
      schema: {
        tags,
        summary:
          'Households of the month: the most points counted in a month (this one by default) in a region; 409 ' +
          'rankings_off where the county does not rank',
        querystring: monthQuery,
        response: { 200: rankingSchema, ...errorResponses },
      },
    },
    async (request) => bank.rankings(db, requireActor(request), request.query),
  );
  routes.get(
    '/moral-bank/figures',
    {
      schema: {
        tags,
        summary:
          'Figures of a region and period (China dates, inclusive; this month by default): deposits, points, ' +
          'waiting, refused, redemptions, residents, points standing',
        querystring: figuresQuery,
        response: { 200: figuresSchema, ...errorResponses },
      },
    },
    async (request) => bank.figures(db, requireActor(request), request.query),
  );
  routes.get(
    '/moral-bank/statement.xlsx',
    {
      schema: {
        tags,
        summary:
          'A village’s monthly statement (Excel): each account’s opening balance, deposits, redemptions, corrections ' +
          'and closing balance, then the month’s entries',
        querystring: statementQuery,
      },
    },
    async (request, reply) => {
      const { fileName, content } = await bank.statement(db, requireActor(request), request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(content);
    },
  );

  routes.post(
    '/moral-bank/photos',
    {
      bodyLimit: photoLimit,
      schema: {
        tags,
        summary:
          'Send a photo of a deed (JPEG, PNG or WebP, the raw bytes, up to 10 MB) for a deposit about to be ' +
          'recorded: its id goes into the deposit’s photoUploadIds. 429 rate_limited (with Retry-After) past the ' +
          'uploads an account may send',
        querystring: photoQuery,
        response: { 201: photoUploadSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const photo = await bank.uploadPhoto(db, files, requireActor(request), photoOf(request), config.photoLimits);
      return reply.code(201).send(photo);
    },
  );
  routes.get(
    '/moral-bank/photos/:id',
    { schema: { tags, summary: 'A photo of a deposit', params: moralBankIdParams } },
    async (request, reply) => {
      const photo = await bank.getPhoto(db, files, requireActor(request), request.params.id);
      return sendPhoto(reply, photo);
    },
  );
}
