import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  accountIdParams,
  accountPageSchema,
  accountSchema,
  createAccountBody,
  listAccountsQuery,
  resetPasswordBody,
  updateAccountBody,
} from '../../../shared/api/accounts.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import * as service from './accounts.service.js';

const tags = ['accounts'];

export async function accountRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts anchored in your subtree',
        querystring: listAccountsQuery,
        response: { 200: accountPageSchema, ...errorResponses },
      },
    },
    async (request) => service.listAccounts(db, requireActor(request), request.query),
  );

  routes.get(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'One account',
        params: accountIdParams,
        response: { 200: accountSchema, ...errorResponses },
      },
    },
    async (request) => service.getAccount(db, requireActor(request), request.params.id),
  );

  routes.post(
    '/accounts',
    {
      schema: {
        tags,
        summary:
          'Create an account with a role in a region of your subtree; a grid role also places its holder among ' +
          'the grid’s people (a new person, or the one named by staffId)',
        body: createAccountBody,
        response: { 201: accountSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createAccount(db, requireActor(request), request.body)),
  );

  routes.patch(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary:
          'Change name, role, region or enable/disable (role, region and disabling sign the account out); the ' +
          'linked person in the grid follows a new name, role or grid',
        params: accountIdParams,
        body: updateAccountBody,
        response: { 200: accountSchema, ...errorResponses },
      },
    },
    async (request) => service.updateAccount(db, requireActor(request), request.params.id, request.body),
  );

  routes.post(
    '/accounts/:id/password',
    {
      schema: {
        tags,
        summary: 'Set a new password (signs the account out everywhere)',
        params: accountIdParams,
        body: resetPasswordBody,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await service.resetPassword(db, requireActor(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  routes.delete(
    '/accounts/:id/second-factor',
    {
      schema: {
        tags,
        summary:
          'Reset the account’s second factor (a lost phone): signs it out everywhere; it enrols again at its next ' +
          'sign-in if its role requires two-step verification',
        params: accountIdParams,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await service.resetSecondFactor(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
