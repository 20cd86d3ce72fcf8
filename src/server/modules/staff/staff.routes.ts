import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../auth/authenticate.js';
import { revealQuery } from '../../../shared/api/common.js';
import {
  createStaffBody,
  deleteStaffQuery,
  listStaffQuery,
  staffIdParams,
  staffPageSchema,
  staffSchema,
  updateStaffBody,
} from '../../../shared/api/staff.js';
import { errorResponses, noContentResponses } from '../../http.js';
import * as service from './staff.service.js';

const tags = ['staff'];

export async function staffRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/staff',
    {
      schema: {
        tags,
        summary: 'People placed in a region and its subtree (phones masked)',
        querystring: listStaffQuery,
        response: { 200: staffPageSchema, ...errorResponses },
      },
    },
    async (request) => service.listStaff(db, requireActor(request), request.query),
  );

  routes.get(
    '/staff/:id',
    {
      schema: {
        tags,
        summary: 'One person; `reveal=true` shows the full phone to roles that may see it, and is audited',
        params: staffIdParams,
        querystring: revealQuery,
        response: { 200: staffSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.getStaff(db, requireActor(request), request.params.id, {
        isAsked: request.query.reveal,
        reason: request.query.reason,
      }),
  );

  routes.post(
    '/staff',
    {
      schema: {
        tags,
        summary:
          'Place a person in a grid; `newAccount` also creates their account (role from the position), ' +
          '`accountId` links an existing one',
        body: createStaffBody,
        response: { 201: staffSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createStaff(db, requireActor(request), request.body)),
  );

  routes.patch(
    '/staff/:id',
    {
      schema: {
        tags,
        summary:
          'Change a person’s role, grid or duties (a linked account follows); `accountId` links or (null) ' +
          'unlinks an account, `newAccount` creates one',
        params: staffIdParams,
        body: updateStaffBody,
        response: { 200: staffSchema, ...errorResponses },
      },
    },
    async (request) => service.updateStaff(db, requireActor(request), request.params.id, request.body),
  );

  routes.delete(
    '/staff/:id',
    {
      schema: {
        tags,
        summary:
          'Remove a person from their grid; one who signs in needs `disableAccount=true` (409 staff_has_account)',
        params: staffIdParams,
        querystring: deleteStaffQuery,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await service.deleteStaff(db, requireActor(request), request.params.id, request.query);
      return reply.status(204).send(null);
    },
  );
}
