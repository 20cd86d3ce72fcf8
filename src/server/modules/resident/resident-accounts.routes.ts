import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  listResidentAccountsQuery,
  residentAccountIdParams,
  residentAccountPageSchema,
  residentAccountSchema,
  updateResidentAccountBody,
} from '../../../shared/api/resident-accounts.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as service from './resident-accounts.service.js';

const tags = ['resident'];

/** 群众账号: the residents of an area who signed in, for its village, town and county staff (resident.manage). */
export async function residentAccountRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/resident-accounts',
    {
      schema: {
        tags,
        summary:
          'Residents who signed in, of your area (their grid, or for a guest a case they reported, lies in it), ' +
          'newest first: phone masked unless reveal=true with a reason (sensitive.read, audited), grid, whether the ' +
          'phone matched a registry person, last sign-in, cases reported, enabled or not',
        querystring: listResidentAccountsQuery,
        response: { 200: residentAccountPageSchema, ...errorResponses },
      },
    },
    async (request) => service.listResidentAccounts(db, requireActor(request), request.query),
  );

  routes.patch(
    '/resident-accounts/:id',
    {
      schema: {
        tags,
        summary:
          'Disable or enable a resident’s account (audited). Disabling ends their sessions at once; signing in ' +
          'again answers 403 account_disabled',
        params: residentAccountIdParams,
        body: updateResidentAccountBody,
        response: { 200: residentAccountSchema, ...errorResponses },
      },
    },
    async (request) => service.updateResidentAccount(db, requireActor(request), request.params.id, request.body),
  );
}
