import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  approvedRegistrationSchema,
  approveRegistrationBody,
  createInvitationBody,
  invitationListSchema,
  invitationParams,
  invitationSchema,
  publicInvitationSchema,
  registrationListSchema,
  registrationParams,
  registrationQuery,
  registrationSchema,
  rejectRegistrationBody,
  submitRegistrationBody,
  submittedRegistrationSchema,
  tokenParams,
} from '../../../shared/api/cadre-registrations.js';
import { errorSchema } from '../../../shared/api/common.js';
import { originOf, requireActor } from '../../auth/authenticate.js';
import { errorResponses, publicBaseUrlOf } from '../../http.js';
import * as registrations from './registrations.service.js';

const tags = ['cadres'];
/** An expired or revoked link answers 410 Gone. */
const publicErrorResponses = { ...errorResponses, 410: errorSchema };

/** Self-registration of cadres by invitation: the community's links, the public page's API, the review. */
export async function cadreRegistrationRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.context;

  routes.post(
    '/cadre-invitations',
    {
      schema: {
        tags,
        summary:
          'Create an invitation for cadres to register themselves with a community in scope (the village and up): ' +
          'a link <PUBLIC_BASE_URL>/join/<token> valid for validDays (1–90, default 30), optionally for one unit',
        body: createInvitationBody,
        response: { 201: invitationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await registrations.createInvitation(
            db,
            requireActor(request),
            request.body,
            publicBaseUrlOf(config, request),
          ),
        ),
  );
  routes.get(
    '/cadre-invitations',
    {
      schema: {
        tags,
        summary: 'The invitations of the caller’s area, newest first, with their status and registrations waiting',
        response: { 200: invitationListSchema, ...errorResponses },
      },
    },
    async (request) => registrations.listInvitations(db, requireActor(request), publicBaseUrlOf(config, request)),
  );
  routes.post(
    '/cadre-invitations/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an invitation: its link takes no more registrations (again: no change)',
        params: invitationParams,
        response: { 200: invitationSchema, ...errorResponses },
      },
    },
    async (request) =>
      registrations.revokeInvitation(db, requireActor(request), request.params.id, publicBaseUrlOf(config, request)),
  );
  routes.get(
    '/cadre-invitations/:id/qr.svg',
    {
      schema: { tags, summary: 'The invitation’s QR code (SVG) opening its link', params: invitationParams },
    },
    async (request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', 'no-store')
        .send(
          await registrations.drawInvitationCode(
            db,
            requireActor(request),
            request.params.id,
            publicBaseUrlOf(config, request),
          ),
        ),
  );

  routes.get(
    '/public/cadre-invitations/:token',
    {
      schema: {
        tags,
        summary:
          'What the public registration page shows (no sign-in): the community, the unit or the county’s units to ' +
          'choose from, and its communities. 404 cadre_invitation_not_found; 410 cadre_invitation_expired or ' +
          'cadre_invitation_revoked',
        params: tokenParams,
        response: { 200: publicInvitationSchema, ...publicErrorResponses },
      },
    },
    async (request) => registrations.readInvitation(db, request.params.token),
  );
  routes.post(
    '/public/cadre-invitations/:token/registrations',
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary:
          'Register through an invitation (no sign-in): kind, name, mobile, unit (unless the invitation names ' +
          'it), home community. It waits for the community’s approval. 20 in 15 minutes an address, then 429',
        params: tokenParams,
        body: submitRegistrationBody,
        response: { 201: submittedRegistrationSchema, ...publicErrorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registrations.submitRegistration(db, originOf(request), request.params.token, request.body)),
  );

  routes.get(
    '/cadre-registrations',
    {
      schema: {
        tags,
        summary:
          'Registrations sent through the invitations of the caller’s area, by status (pending by default); the ' +
          'phone masked without sensitive.read',
        querystring: registrationQuery,
        response: { 200: registrationListSchema, ...errorResponses },
      },
    },
    async (request) => registrations.listRegistrations(db, requireActor(request), request.query),
  );
  routes.post(
    '/cadre-registrations/:id/approve',
    {
      schema: {
        tags,
        summary:
          'Approve a pending registration (the village and up): registers the cadre as POST /cadres does, optionally ' +
          'with a grid and duties. Decided already: 409 cadre_registration_decided',
        params: registrationParams,
        body: approveRegistrationBody,
        response: { 200: approvedRegistrationSchema, ...errorResponses },
      },
    },
    async (request) => registrations.approveRegistration(db, requireActor(request), request.params.id, request.body),
  );
  routes.post(
    '/cadre-registrations/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a pending registration with a reason. Decided already: 409 cadre_registration_decided',
        params: registrationParams,
        body: rejectRegistrationBody,
        response: { 200: registrationSchema, ...errorResponses },
      },
    },
    async (request) => registrations.rejectRegistration(db, requireActor(request), request.params.id, request.body),
  );
}
