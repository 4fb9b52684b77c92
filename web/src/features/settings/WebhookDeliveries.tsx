// /settings/webhooks/:id: one endpoint — turn it on or off, rotate its secret — and its delivery
// log, each delivery with its attempts and payload, and a redelivery button.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Badge, Button, EmptyState, Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { ScrollTable } from '../../ui/ScrollTable';
import { settingsKeys } from './keys';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { TokenSecret } from './TokenSecret';
import { usePaged } from './usePaged';
import { EndpointStatus, SIGNING_USAGE } from './WebhooksSettings';

type Delivery = Schemas['WebhookDelivery'];
type Status = Delivery['status'];

const STATUS_TONE: Record<Status, 'neutral' | 'success' | 'warning' | 'danger'> = {
  pending: 'warning',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

export function WebhookDeliveries() {
  const canManage = useCan('webhooks.manage');
  const { id = '' } = useParams();
  return (
    <SettingsLayout title="Webhook endpoint">
      <p>
        <Link to="/settings/webhooks">← All endpoints</Link>
      </p>
      {canManage ? <EndpointDetail id={id} /> : <NotAllowed what="webhooks" />}
    </SettingsLayout>
  );
}

function EndpointDetail({ id }: { id: string }) {
  const toast = useToast();
  const client = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | ''>('');
  const key = [...settingsKeys.webhooks, id] as const;
  const endpoint = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/org/webhooks/{id}', { params: { path: { id } } })),
  });
  const deliveries = usePaged<Delivery>([...key, 'deliveries', status], (cursor) =>
    unwrap(
      api.GET('/api/v1/org/webhooks/{id}/deliveries', {
        params: {
          path: { id },
          query: { limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
        },
      }),
    ),
  );
  const refresh = () => void client.invalidateQueries({ queryKey: settingsKeys.webhooks });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      unwrap(api.PATCH('/api/v1/org/webhooks/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: (e) => {
      toast.show(e.enabled ? 'Endpoint enabled' : 'Endpoint disabled');
      refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/org/webhooks/{id}/rotate-secret', { params: { path: { id } } })),
    onSuccess: (e) => {
      setSecret(e.secret);
      refresh();
    },
  });

  if (endpoint.isPending) return <Loading label="Loading the endpoint…" />;
  if (endpoint.error) return <ProblemAlert error={endpoint.error} title="Could not load the endpoint" />;
  const e = endpoint.data;
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="endpoint-heading">
        <h2 id="endpoint-heading">
          <code>{e.url}</code>
        </h2>
        {e.description && <p>{e.description}</p>}
        <p>
          <EndpointStatus endpoint={e} />
        </p>
        {e.disabledReason && <p className="small">{e.disabledReason}</p>}
        <p className="small muted">Events: {e.events.join(', ')}</p>
        {(toggle.error || rotate.error) && <ProblemAlert error={toggle.error ?? rotate.error} />}
        <div className="row">
          <Button busy={toggle.isPending} onClick={() => toggle.mutate(!e.enabled)}>
            {e.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button busy={rotate.isPending} onClick={() => rotate.mutate()}>
            Rotate secret
          </Button>
        </div>
      </section>
      {secret && (
        <TokenSecret
          created={{ name: e.url, token: secret }}
          label="Signing secret"
          usage={SIGNING_USAGE}
          onDone={() => setSecret(null)}
        />
      )}
      <section className="stack" aria-labelledby="deliveries-heading">
        <div className="row">
          <h2 id="deliveries-heading">Deliveries</h2>
          <label className="row small">
            Status
            <select value={status} onChange={(ev) => setStatus(ev.target.value as Status | '')}>
              <option value="">All</option>
              <option value="pending">Pending</option>
              <option value="succeeded">Succeeded</option>
              <option value="failed">Failed</option>
              <option value="cancelled">Cancelled</option>
            </select>
          </label>
        </div>
        {deliveries.isPending ? (
          <Loading label="Loading deliveries…" />
        ) : deliveries.error ? (
          <ProblemAlert error={deliveries.error} title="Could not load the deliveries" />
        ) : deliveries.items.length === 0 ? (
          <EmptyState title="No deliveries">
            <p>
              Deliveries appear here when an event this endpoint listens to happens, or when you send a test.
            </p>
          </EmptyState>
        ) : (
          <ul className="stack-sm delivery-list">
            {deliveries.items.map((d) => (
              <DeliveryItem key={d.id} endpointId={id} delivery={d} canRedeliver={e.enabled} />
            ))}
          </ul>
        )}
        {deliveries.hasNextPage && (
          <div>
            <Button busy={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
              Load more deliveries
            </Button>
          </div>
        )}
      </section>
    </div>
  );
}

function DeliveryItem({
  endpointId,
  delivery: d,
  canRedeliver,
}: {
  endpointId: string;
  delivery: Delivery;
  canRedeliver: boolean;
}) {
  const toast = useToast();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const path = { id: endpointId, deliveryId: d.id };
  const detail = useQuery({
    queryKey: [...settingsKeys.webhooks, endpointId, 'delivery', d.id],
    queryFn: () => unwrap(api.GET('/api/v1/org/webhooks/{id}/deliveries/{deliveryId}', { params: { path } })),
    enabled: open,
  });
  const redeliver = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/org/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path } })),
    onSuccess: () => {
      toast.show(`Redelivery of ${d.eventType} queued`);
      void client.invalidateQueries({ queryKey: [...settingsKeys.webhooks, endpointId] });
    },
  });
  return (
    <li className="card stack-sm">
      <div className="row">
        <code>{d.eventType}</code>
        <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
        <span className="small muted">
          {formatDateTime(d.createdAt)} · {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
          {d.lastStatusCode ? ` · last answer ${d.lastStatusCode}` : ''}
          {d.nextAttemptAt ? ` · next attempt ${formatDateTime(d.nextAttemptAt)}` : ''}
        </span>
      </div>
      {d.lastError && <p className="small">{d.lastError}</p>}
      <div className="row">
        <Button small aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide details' : 'Details'}
        </Button>
        <Button
          small
          disabled={!canRedeliver}
          busy={redeliver.isPending}
          aria-label={`Redeliver ${d.eventType} of ${formatDateTime(d.createdAt)}`}
          onClick={() => redeliver.mutate()}
        >
          Redeliver
        </Button>
      </div>
      {redeliver.error && <ProblemAlert error={redeliver.error} title="Could not redeliver" />}
      {open &&
        (detail.isPending ? (
          <Loading label="Loading the attempts…" />
        ) : detail.error ? (
          <ProblemAlert error={detail.error} />
        ) : (
          <div className="stack-sm">
            <p className="small">
              <code>webhook-id: {d.messageId}</code>
            </p>
            <ScrollTable label={`Attempts of ${d.eventType}`}>
              <caption className="sr-only">Attempts</caption>
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">When</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Time</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.attemptLog.map((a) => (
                  <tr key={a.attempt}>
                    <td>{a.attempt}</td>
                    <td>{formatDateTime(a.attemptedAt)}</td>
                    <td>{a.statusCode ?? '—'}</td>
                    <td>{a.durationMs} ms</td>
                    <td>{a.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
            <section className="payload" tabIndex={0} aria-label={`Payload of ${d.eventType}`}>
              <pre>{JSON.stringify(detail.data.payload, null, 2)}</pre>
            </section>
          </div>
        ))}
    </li>
  );
}
