import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countyQuery } from '../../../shared/api/case-catalogue.js';
import {
  createdWebhookSubscriptionSchema,
  webhookDeliveriesQuery,
  webhookDeliveryListSchema,
  webhookIdParams,
  webhookSubscriptionBody,
  webhookSubscriptionListSchema,
  webhookSubscriptionPatch,
  webhookSubscriptionSchema,
} from '../../../shared/api/webhooks.js';
import { requireActor } from '../../auth/authenticate.js';
import { errorResponses, noContentResponses } from '../../http.js';
import * as webhooks from './webhooks.service.js';

const tags = ['webhooks'];

/** County administrators subscribe outside systems to the county's case events and follow their deliveries. */
export async function webhookRoutes(app: FastifyInstance) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.context;
  const isPrivateAllowed = config.isPrivateWebhookAllowed;

  routes.get(
    '/webhook-subscriptions',
    {
      schema: {
        tags,
        summary: 'The county’s webhook subscriptions to case events, with how many deliveries were given up on',
        querystring: countyQuery,
        response: { 200: webhookSubscriptionListSchema, ...errorResponses },
      },
    },
    async (request) => webhooks.listSubscriptions(db, requireActor(request), request.query.countyId),
  );
  routes.post(
    '/webhook-subscriptions',
    {
      schema: {
        tags,
        summary:
          'Subscribe a URL to case events (created, status_changed, closed, rated); the answer holds the signing secret, shown only now',
        querystring: countyQuery,
        body: webhookSubscriptionBody,
        response: { 201: createdWebhookSubscriptionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await webhooks.createSubscription(
        db,
        requireActor(request),
        { ...request.body, countyId: request.query.countyId },
        { isPrivateAllowed },
      );
      return reply.code(201).send(made);
    },
  );
  routes.patch(
    '/webhook-subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Change a subscription’s URL, event kinds or whether it is active',
        params: webhookIdParams,
        querystring: countyQuery,
        body: webhookSubscriptionPatch,
        response: { 200: webhookSubscriptionSchema, ...errorResponses },
      },
    },
    async (request) =>
      webhooks.updateSubscription(db, requireActor(request), request.params.id, request.body, {
        countyId: request.query.countyId,
        isPrivateAllowed,
      }),
  );
  routes.get(
    '/webhook-subscriptions/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'A subscription’s latest deliveries, failing ones first (filter=failed: only those)',
        params: webhookIdParams,
        querystring: webhookDeliveriesQuery,
        response: { 200: webhookDeliveryListSchema, ...errorResponses },
      },
    },
    async (request) => webhooks.listDeliveries(db, requireActor(request), request.params.id, request.query),
  );
  routes.post(
    '/webhook-deliveries/:id/resend',
    {
      schema: {
        tags,
        summary: 'Send a delivery again at the next round, its attempts counted afresh',
        params: webhookIdParams,
        querystring: countyQuery,
        response: noContentResponses,
      },
    },
    async (request, reply) => {
      await webhooks.resendDelivery(db, requireActor(request), request.params.id, request.query.countyId);
      return reply.code(204).send(null);
    },
  );
}
