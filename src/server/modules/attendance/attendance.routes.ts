import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  attendanceQuery,
  attendanceSchema,
  checkInBody,
  checkInParams,
  checkInSchema,
  checkOutBody,
  countyParamsQuery,
  leaveBody,
  leaveDecisionBody,
  leaveListSchema,
  leaveParams,
  leaveQuery,
  leaveSchema,
  serviceDaysSchema,
} from '../../../shared/api/cadres.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses } from '../../http.js';
import * as attendance from './attendance.service.js';

const tags = ['attendance'];

export async function attendanceRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.context;

  routes.get(
    '/attendance',
    {
      schema: {
        tags,
        summary:
          'Each active cadre’s service days in a period (China dates): worked, roll_call_only (点卯: checked in, no ' +
          'visit, case, wish, deposit or pairing contact recorded that day), absent without leave, on leave',
        querystring: attendanceQuery,
        response: { 200: attendanceSchema, ...errorResponses },
      },
    },
    async (request) => attendance.getAttendance(db, requireActor(request), request.query),
  );
  routes.get(
    '/attendance/service-days',
    {
      schema: {
        tags,
        summary: 'The county’s service days (ISO weekdays) and expected hours; every Wednesday until it sets them',
        querystring: countyParamsQuery,
        response: { 200: serviceDaysSchema, ...errorResponses },
      },
    },
    async (request) => attendance.getServiceDays(db, requireActor(request), request.query.countyId),
  );
  routes.put(
    '/attendance/service-days',
    {
      schema: {
        tags,
        summary: 'Set the county’s service days and expected hours (county staff)',
        querystring: countyParamsQuery,
        body: serviceDaysSchema,
        response: { 200: serviceDaysSchema, ...errorResponses },
      },
    },
    async (request) => attendance.saveServiceDays(db, requireActor(request), request.body, request.query.countyId),
  );
  routes.post(
    '/attendance/check-ins',
    {
      schema: {
        tags,
        summary:
          'The signed-in cadre checks in today where they are: insideGrid and distanceMeters from their grid’s ' +
          'boundary. The id is the client’s: sent again it answers the same check-in (200); 409 ' +
          'already_checked_in for a second check-in of the day',
        body: checkInBody,
        response: { 200: checkInSchema, 201: checkInSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { checkIn, isCreated } = await attendance.checkIn(db, requireActor(request), request.body);
      return reply.code(isCreated ? 201 : 200).send(checkIn);
    },
  );
  routes.post(
    '/attendance/check-ins/:id/check-out',
    {
      schema: {
        tags,
        summary: 'The cadre checks out of their check-in where they are; again moves the time',
        params: checkInParams,
        body: checkOutBody,
        response: { 200: checkInSchema, ...errorResponses },
      },
    },
    async (request) => attendance.checkOut(db, requireActor(request), request.params.id, request.body),
  );
  routes.get(
    '/attendance/leaves',
    {
      schema: {
        tags,
        summary: 'Leave requests of the cadres in scope, by start date',
        querystring: leaveQuery,
        response: { 200: leaveListSchema, ...errorResponses },
      },
    },
    async (request) => attendance.listLeaves(db, requireActor(request), request.query),
  );
  routes.post(
    '/attendance/leaves',
    {
      schema: {
        tags,
        summary: 'Ask for leave from service days: a cadre for themselves, the community for one of its cadres',
        body: leaveBody,
        response: { 201: leaveSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await attendance.requestLeave(db, requireActor(request), request.body)),
  );
  routes.post(
    '/attendance/leaves/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve or reject a pending leave request (the village and up); 409 leave_decided once decided',
        params: leaveParams,
        body: leaveDecisionBody,
        response: { 200: leaveSchema, ...errorResponses },
      },
    },
    async (request) => attendance.decideLeave(db, requireActor(request), request.params.id, request.body),
  );
}
