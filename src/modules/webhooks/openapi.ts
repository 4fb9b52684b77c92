// The OpenAPI 3.1 `webhooks` section: one entry per event type, documenting what Rolecraft POSTs to
// a subscribed endpoint (Standard Webhooks headers and the { type, timestamp, data } body).
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from './events.ts';

const header = (description: string, example: string) => ({
  required: true,
  description,
  schema: { type: 'string', examples: [example] },
});

export function webhookDocs(): Record<string, unknown> {
  const headers = [
    {
      name: 'webhook-id',
      in: 'header',
      ...header('The message id; the same on every retry', 'msg_01a216cd0f2d7b40b7caebc33aeff1c4'),
    },
    {
      name: 'webhook-timestamp',
      in: 'header',
      ...header('Unix seconds when this attempt was signed', '1795680000'),
    },
    {
      name: 'webhook-signature',
      in: 'header',
      ...header(
        'v1, then base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" with the endpoint secret',
        'v1,K5oZfzN9…=',
      ),
    },
  ];
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: WEBHOOK_EVENTS[type],
          tags: ['Webhooks'],
          parameters: headers,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type', 'timestamp', 'data'],
                  properties: {
                    type: { const: type },
                    timestamp: { type: 'string', format: 'date-time' },
                    data: {
                      type: 'object',
                      description: 'Ids and facts of the event (see docs/webhooks.md); no personal data',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '2XX': { description: 'Received. Anything else (or no answer within 10 s) is retried.' },
          },
        },
      },
    ]),
  );
}
