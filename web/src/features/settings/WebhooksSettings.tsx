// /settings/webhooks: endpoints that receive the organization's events, signed (Standard
// Webhooks). The signing secret exists only in the create and rotate answers, so it is shown once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Badge, Button, EmptyState, Field, Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { ScrollTable } from '../../ui/ScrollTable';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { FormProblem, fieldProblem } from './FormProblem';
import { settingsKeys } from './keys';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { TokenSecret } from './TokenSecret';
import { usePaged } from './usePaged';

export type Endpoint = Schemas['WebhookEndpoint'];
type EventType = Endpoint['events'][number];

export const SIGNING_USAGE = (
  <>
    Verify each request's <code>webhook-signature</code> with it (Standard Webhooks; see the API docs).
  </>
);

export function WebhooksSettings() {
  const canManage = useCan('webhooks.manage');
  return (
    <SettingsLayout
      title="Webhooks"
      description="Rolecraft sends a signed request to your endpoints when something happens: a posting published, a candidate applied or hired. Failed deliveries are retried for about a day."
    >
      {canManage ? <Webhooks /> : <NotAllowed what="webhooks" />}
    </SettingsLayout>
  );
}

/** Whether an endpoint receives, and since when it has been failing. */
export function EndpointStatus({ endpoint }: { endpoint: Endpoint }) {
  if (!endpoint.enabled) return <Badge tone="danger">Disabled</Badge>;
  if (endpoint.failingSince) {
    return <Badge tone="warning">Failing since {formatDateTime(endpoint.failingSince)}</Badge>;
  }
  return <Badge tone="success">Active</Badge>;
}

function Webhooks() {
  const toast = useToast();
  const client = useQueryClient();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [removing, setRemoving] = useState<Endpoint | null>(null);
  const endpoints = usePaged<Endpoint>(settingsKeys.webhooks, (cursor) =>
    unwrap(
      api.GET('/api/v1/org/webhooks', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    ),
  );
  const changed = () => {
    void client.invalidateQueries({ queryKey: settingsKeys.webhooks });
    void client.invalidateQueries({ queryKey: settingsKeys.audit });
  };
  const remove = useMutation({
    mutationFn: (e: Endpoint) =>
      unwrap(api.DELETE('/api/v1/org/webhooks/{id}', { params: { path: { id: e.id } } })),
    onSuccess: (_d, e) => {
      setRemoving(null);
      toast.show(`Endpoint ${e.url} removed`);
      changed();
    },
  });
  const test = useMutation({
    mutationFn: (e: Endpoint) =>
      unwrap(api.POST('/api/v1/org/webhooks/{id}/test', { params: { path: { id: e.id } } })),
    onSuccess: (_d, e) => toast.show(`Test event queued for ${e.url}`),
    onError: (error) => toast.show(error instanceof Error ? error.message : 'Could not send the test event'),
  });

  return (
    <div className="stack">
      {created ? (
        <TokenSecret
          created={created}
          label="Signing secret"
          usage={SIGNING_USAGE}
          onDone={() => setCreated(null)}
        />
      ) : (
        <CreateEndpointForm
          onCreated={(e) => {
            setCreated({ name: e.url, token: e.secret });
            changed();
          }}
        />
      )}
      <section className="stack" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {endpoints.isPending ? (
          <Loading label="Loading endpoints…" />
        ) : endpoints.error ? (
          <ProblemAlert error={endpoints.error} title="Could not load the endpoints" />
        ) : endpoints.items.length === 0 ? (
          <EmptyState title="No webhook endpoints">
            <p>Add one above to send events to your HRIS, Slack bridge or data warehouse.</p>
          </EmptyState>
        ) : (
          <ScrollTable label="Webhook endpoints">
            <caption className="sr-only">Webhook endpoints</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {endpoints.items.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/settings/webhooks/${e.id}`}>
                      <code>{e.url}</code>
                    </Link>
                    {e.description && <div className="small muted">{e.description}</div>}
                  </th>
                  <td>
                    <ul className="scope-list">
                      {e.events.map((t) => (
                        <li key={t}>
                          <code>{t}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <EndpointStatus endpoint={e} />
                  </td>
                  <td>
                    <div className="row">
                      <Button
                        small
                        aria-label={`Send a test event to ${e.url}`}
                        disabled={!e.enabled}
                        busy={test.isPending && test.variables?.id === e.id}
                        onClick={() => test.mutate(e)}
                      >
                        Send test
                      </Button>
                      <Button
                        small
                        variant="danger"
                        aria-label={`Remove ${e.url}`}
                        onClick={() => {
                          remove.reset();
                          setRemoving(e);
                        }}
                      >
                        Remove
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.url ?? 'endpoint'}?`}
        confirmLabel="Remove endpoint"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        <p>Events stop going to it at once, and its delivery log is deleted.</p>
      </ConfirmDialog>
    </div>
  );
}

function CreateEndpointForm({
  onCreated,
}: {
  onCreated: (e: Schemas['WebhookEndpoint'] & { secret: string }) => void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>([]);
  const [eventsError, setEventsError] = useState<string | undefined>();
  const types = useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/event-types')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/webhooks', {
          body: {
            url: url.trim(),
            events,
            ...(description.trim() ? { description: description.trim() } : {}),
          },
        }),
      ),
    onSuccess: (endpoint) => {
      setUrl('');
      setDescription('');
      setEvents([]);
      onCreated(endpoint);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (events.length === 0) {
      setEventsError('Choose at least one event.');
      return;
    }
    setEventsError(undefined);
    create.mutate();
  };
  const eventsMessage = eventsError ?? fieldProblem(create.error, 'events');
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="new-webhook-heading">
      <h2 id="new-webhook-heading">Add an endpoint</h2>
      {create.error ? (
        <FormProblem
          error={create.error}
          title="Could not add the endpoint"
          labels={{ url: 'Endpoint URL', events: 'Events', description: 'Description' }}
        />
      ) : null}
      <Field
        label="Endpoint URL"
        hint="A public https address of your receiver. Private and internal addresses are refused."
        error={fieldProblem(create.error, 'url')}
      >
        <input
          type="url"
          required
          maxLength={2048}
          placeholder="https://hooks.example.com/rolecraft"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </Field>
      <Field label="Description (optional)" error={fieldProblem(create.error, 'description')}>
        <input maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <fieldset className="field" aria-describedby={eventsMessage ? 'webhook-events-error' : undefined}>
        <legend>Events</legend>
        {eventsMessage && (
          <span className="error" id="webhook-events-error">
            {eventsMessage}
          </span>
        )}
        {types.isPending ? (
          <Loading label="Loading event types…" />
        ) : types.error ? (
          <ProblemAlert error={types.error} title="Could not load the event types" />
        ) : (
          <div className="stack-sm">
            {types.data.data
              .filter((t) => t.type !== 'webhook.test')
              .map((t) => (
                <label key={t.type} className="check">
                  <input
                    type="checkbox"
                    checked={events.includes(t.type)}
                    onChange={(e) =>
                      setEvents((all) =>
                        e.target.checked ? [...all, t.type] : all.filter((x) => x !== t.type),
                      )
                    }
                  />
                  <span>
                    <code>{t.type}</code> — {t.description}
                  </span>
                </label>
              ))}
          </div>
        )}
      </fieldset>
      <div>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Add endpoint
        </Button>
      </div>
    </form>
  );
}
