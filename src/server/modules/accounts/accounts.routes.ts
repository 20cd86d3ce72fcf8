import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../../shared/policy.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, listSchema } from '../../http.js';
import * as service from './accounts.service.js';

const tags = ['accounts'];

const accountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  regionId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  isEnabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
});

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9_.-]{2,31}$/,
    'Use 3–32 letters, digits, dot, dash or underscore, starting with a letter or digit.',
  );
const password = z.string().min(1).max(200);
const displayName = z.string().trim().min(1).max(50);
const params = z.object({ id: z.uuid() });

export async function accountRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts anchored in your subtree',
        querystring: z.object({
          q: z.string().trim().max(50).optional(),
          regionId: z.uuid().optional(),
          cursor: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: listSchema(accountSchema), ...errorResponses },
      },
    },
    async (request) => service.listAccounts(db, requireActor(request), request.query),
  );

  routes.get(
    '/accounts/:id',
    { schema: { tags, summary: 'One account', params, response: { 200: accountSchema, ...errorResponses } } },
    async (request) => service.getAccount(db, requireActor(request), request.params.id),
  );

  routes.post(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account with a role in a region of your subtree',
        body: z.object({ username, displayName, role: z.enum(roles), regionId: z.uuid().nullable(), password }),
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
        summary: 'Change name, role, region or enable/disable (role, region and disabling sign the account out)',
        params,
        body: z
          .object({ displayName, role: z.enum(roles), regionId: z.uuid().nullable(), isEnabled: z.boolean() })
          .partial()
          .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.'),
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
        params,
        body: z.object({ password }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.resetPassword(db, requireActor(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
}
