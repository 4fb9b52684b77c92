import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { MAX_URL_LENGTH } from './outbound.ts';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from './events.ts';

const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

export const EventType = Type.Union(
  WEBHOOK_EVENT_TYPES.map((type) => Type.Literal(type, { description: WEBHOOK_EVENTS[type] })),
);
const Events = Type.Array(EventType, {
  minItems: 1,
  maxItems: WEBHOOK_EVENT_TYPES.length,
  uniqueItems: true,
});
const Url = Type.String({
  minLength: 8,
  maxLength: MAX_URL_LENGTH,
  description: 'http(s) only; private, loopback, link-local and metadata addresses are refused',
  examples: ['https://hooks.example.com/rolecraft'],
});
const Description = Type.String({ maxLength: 200 });

export const CreateEndpointBody = Type.Object(
  { url: Url, events: Events, description: Type.Optional(Description) },
  { additionalProperties: false },
);
export type CreateEndpointBody = Static<typeof CreateEndpointBody>;

export const UpdateEndpointBody = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    description: Type.Optional(Description),
    enabled: Type.Optional(
      Type.Boolean({ description: 'true re-enables an endpoint that was disabled after failing' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateEndpointBody = Static<typeof UpdateEndpointBody>;

export const Endpoint = Type.Object(
  {
    id: Uuid,
    url: Type.String(),
    description: Type.String(),
    events: Type.Array(EventType),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String()),
    disabledAt: Nullable(Timestamp),
    failingSince: Nullable(
      Type.String({ format: 'date-time', description: 'Since when every attempt failed' }),
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'WebhookEndpoint' },
);
export type Endpoint = Static<typeof Endpoint>;
export const EndpointPage = pageOf(Type.Ref('WebhookEndpoint'));

export const EndpointWithSecret = Type.Object({
  ...Endpoint.properties,
  secret: Type.String({
    description:
      'The signing secret (whsec_…), shown only when created or rotated; verify webhook-signature with it',
  }),
});
export type EndpointWithSecret = Static<typeof EndpointWithSecret>;

export const DeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const Attempt = Type.Object({
  attempt: Type.Integer(),
  attemptedAt: Timestamp,
  statusCode: Nullable(Type.Integer()),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
  responseBody: Nullable(Type.String({ description: 'The start of the receiver’s answer (1 KB)' })),
});

export const Delivery = Type.Object(
  {
    id: Uuid,
    endpointId: Uuid,
    messageId: Type.String({ description: 'Sent as webhook-id; the same on every attempt and redelivery' }),
    eventType: EventType,
    status: DeliveryStatus,
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(Timestamp),
    lastStatusCode: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    createdAt: Timestamp,
    completedAt: Nullable(Timestamp),
  },
  { $id: 'WebhookDelivery' },
);
export type Delivery = Static<typeof Delivery>;
export const DeliveryPage = pageOf(Type.Ref('WebhookDelivery'));

export const DeliveryDetail = Type.Object({
  ...Delivery.properties,
  payload: Type.Unknown({ description: 'The message body as sent: { type, timestamp, data }' }),
  attemptLog: Type.Array(Attempt),
});
export type DeliveryDetail = Static<typeof DeliveryDetail>;

export const EndpointParams = Type.Object({ id: Uuid });
export const DeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid });
export const EndpointListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const DeliveryListQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(DeliveryStatus) },
  { additionalProperties: false },
);
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const EventTypeList = Type.Object({
  data: Type.Array(Type.Object({ type: EventType, description: Type.String() })),
});
