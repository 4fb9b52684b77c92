// Webhook endpoints of the acting organization (/api/v1/org/webhooks) and their delivery logs.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from './events.ts';
import {
  CreateEndpointBody,
  Delivery,
  DeliveryDetail,
  DeliveryListQuery,
  DeliveryPage,
  DeliveryParams,
  Endpoint,
  EndpointListQuery,
  EndpointPage,
  EndpointParams,
  EndpointWithSecret,
  EventTypeList,
  UpdateEndpointBody,
} from './schemas.ts';
import type { WebhookActions } from './service.ts';

const tags = ['Webhooks'];
const base = '/api/v1/org/webhooks';
// Secrets and delivery payloads: never cached anywhere.
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');
const access = { access: 'webhooks.manage' } as const;

export const webhookRoutes: FastifyPluginAsyncTypebox<{ db: Db; actions: WebhookActions }> = async (
  app,
  { db, actions },
) => {
  app.addSchema(Endpoint);
  app.addSchema(Delivery);

  app.get(
    '/api/v1/webhooks/event-types',
    {
      config: access,
      schema: {
        tags,
        summary: 'The event types an endpoint can subscribe to',
        response: { 200: EventTypeList, ...errors(401, 403) },
      },
    },
    async () => ({ data: WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: WEBHOOK_EVENTS[type] })) }),
  );

  app.post(
    base,
    {
      config: access,
      schema: {
        tags,
        summary: 'Register an endpoint (the signing secret is shown only in this response)',
        description:
          'Deliveries follow Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` (v1, HMAC-SHA256 with the secret). A URL that is not http(s), carries credentials, or names or resolves to a private, loopback, link-local, multicast or metadata address is refused (422 `webhook_url_not_allowed`). At most 20 endpoints (409 `too_many_webhooks`).',
        body: CreateEndpointBody,
        response: { 201: EndpointWithSecret, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) =>
      noStore(reply)
        .code(201)
        .send(await actions.create(ctxOf(request, db), request.body)),
  );

  app.get(
    base,
    {
      config: access,
      schema: {
        tags,
        summary: 'The organization’s endpoints, newest first',
        querystring: EndpointListQuery,
        response: { 200: EndpointPage, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await actions.list(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return noStore(reply).send(page);
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: access,
      schema: {
        tags,
        summary: 'One endpoint',
        params: EndpointParams,
        response: { 200: Type.Ref('WebhookEndpoint'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => noStore(reply).send(await actions.get(ctxOf(request, db), request.params.id)),
  );

  app.patch(
    `${base}/:id`,
    {
      config: access,
      schema: {
        tags,
        summary: 'Change an endpoint; `enabled: true` re-enables one that was disabled after failing',
        params: EndpointParams,
        body: UpdateEndpointBody,
        response: { 200: Type.Ref('WebhookEndpoint'), ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(await actions.update(ctxOf(request, db), request.params.id, request.body)),
  );

  app.delete(
    `${base}/:id`,
    {
      config: access,
      schema: {
        tags,
        summary: 'Remove an endpoint and its delivery log',
        params: EndpointParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await actions.remove(ctxOf(request, db), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/:id/rotate-secret`,
    {
      config: access,
      schema: {
        tags,
        summary: 'Replace the signing secret (the new one is shown only in this response)',
        params: EndpointParams,
        response: { 200: EndpointWithSecret, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(await actions.rotateSecret(ctxOf(request, db), request.params.id)),
  );

  app.post(
    `${base}/:id/test`,
    {
      config: access,
      schema: {
        tags,
        summary: 'Send a webhook.test event to this endpoint',
        params: EndpointParams,
        response: {
          202: Type.Object({ deliveries: Type.Integer() }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await actions.sendTest(ctxOf(request, db), request.params.id)),
  );

  app.get(
    `${base}/:id/deliveries`,
    {
      config: access,
      schema: {
        tags,
        summary: 'The endpoint’s delivery log, newest first',
        params: EndpointParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const page = await actions.deliveries(ctxOf(request, db), request.params.id, request.query);
      setNextLink(request, reply, page.nextCursor);
      return noStore(reply).send(page);
    },
  );

  app.get(
    `${base}/:id/deliveries/:deliveryId`,
    {
      config: access,
      schema: {
        tags,
        summary: 'One delivery: the payload as sent and every attempt with its response code',
        params: DeliveryParams,
        response: { 200: DeliveryDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(
        await actions.delivery(ctxOf(request, db), request.params.id, request.params.deliveryId),
      ),
  );

  app.post(
    `${base}/:id/deliveries/:deliveryId/redeliver`,
    {
      config: access,
      schema: {
        tags,
        summary: 'Send the delivery’s message again (a new delivery with the same webhook-id)',
        params: DeliveryParams,
        response: { 202: Type.Ref('WebhookDelivery'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await actions.redeliver(ctxOf(request, db), request.params.id, request.params.deliveryId)),
  );
};
