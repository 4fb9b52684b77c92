// /settings/audit: the organization's audit log, newest first, filtered by what the API supports
// (action or action prefix, actor, date range). The filters live in the URL so a view can be shared.
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Button, EmptyState, Field, Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { settingsKeys } from './keys';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { usePaged } from './usePaged';
import { useMemberOptions } from './useMemberOptions';

type AuditEvent = Schemas['AuditEvent'];

// Prefixes first (a family of events), then the exact actions the server records.
const ACTION_SUGGESTIONS = [
  'auth.',
  'user.',
  'org.',
  'member.',
  'invitation.',
  'token.',
  'pipeline.',
  'email_template.',
  'posting.',
  'application.',
  'candidate.',
  'auth.login',
  'auth.login_failed',
  'org.updated',
  'member.role_changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'token.created',
  'token.revoked',
  'pipeline.stages_changed',
  'email_template.changed',
  'candidate.exported',
  'candidate.erased',
  'candidate.anonymized',
];

/** A date (yyyy-mm-dd) as the start or end of that day in the viewer's time zone. */
const dayBound = (day: string, end: boolean) =>
  new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();

export function AuditLog() {
  const canRead = useCan('audit.read');
  return (
    <SettingsLayout title="Audit log" description="Who did what in your organization, newest first.">
      {canRead ? <AuditEvents /> : <NotAllowed what="the audit log" />}
    </SettingsLayout>
  );
}

function AuditEvents() {
  const [params, setParams] = useSearchParams();
  const filters = {
    action: params.get('action') ?? '',
    actor: params.get('actor') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const events = usePaged<AuditEvent>([...settingsKeys.audit, filters], (cursor) =>
    unwrap(
      api.GET('/api/v1/audit-events', {
        params: {
          query: {
            limit: 50,
            ...(cursor ? { cursor } : {}),
            ...(filters.action ? { action: filters.action } : {}),
            ...(filters.actor ? { actorId: filters.actor } : {}),
            ...(filters.from ? { since: dayBound(filters.from, false) } : {}),
            ...(filters.to ? { until: dayBound(filters.to, true) } : {}),
          },
        },
      }),
    ),
  );
  const apply = (next: typeof filters) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
    setParams(search);
  };
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="stack">
      <AuditFilters key={params.toString()} initial={filters} onApply={apply} />
      <p role="status" className="small muted">
        {events.isSuccess &&
          `${events.items.length}${events.hasNextPage ? '+' : ''} event${events.items.length === 1 ? '' : 's'} shown${filtered ? ' (filtered)' : ''}.`}
      </p>
      {events.isPending ? (
        <Loading label="Loading events…" />
      ) : events.error ? (
        <ProblemAlert error={events.error} title="Could not load the audit log" />
      ) : events.items.length === 0 ? (
        <EmptyState title={filtered ? 'No events match these filters' : 'No events yet'}>
          {filtered && <p>Try a wider date range or another action.</p>}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="audit-table">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {events.items.map((e) => (
                <tr key={e.id}>
                  <td data-label="Time">
                    <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                  </td>
                  <td data-label="Actor">
                    {e.actor.label ?? e.actor.type}
                    {e.actor.type !== 'user' && (
                      <div className="small muted">{e.actor.type.replace('_', ' ')}</div>
                    )}
                  </td>
                  <td data-label="Action">
                    <code>{e.action}</code>
                  </td>
                  <td data-label="Target">{e.target ? <TargetCell event={e} /> : '—'}</td>
                  <td data-label="IP">{e.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.hasNextPage && (
        <div>
          <Button busy={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
      {events.isFetchNextPageError && (
        <ProblemAlert error={events.error} title="Could not load more events" />
      )}
    </div>
  );
}

/** The target's type and a readable detail (an email, a name) when the event carries one. */
function TargetCell({ event }: { event: AuditEvent }) {
  const detail = ['email', 'name', 'kind', 'title']
    .map((k) => event.data[k])
    .find((v) => typeof v === 'string' && v !== event.target?.id);
  return (
    <>
      {event.target?.type.replace('_', ' ')}
      {typeof detail === 'string' && <div className="small">{detail}</div>}
      {event.target?.id && <div className="small muted target-id">{event.target.id}</div>}
    </>
  );
}

function AuditFilters({
  initial,
  onApply,
}: {
  initial: { action: string; actor: string; from: string; to: string };
  onApply: (filters: { action: string; actor: string; from: string; to: string }) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const members = useMemberOptions();
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const invalidAction = draft.action !== '' && !/^[a-z_.]+$/.test(draft.action);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalidAction) onApply(draft);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="audit-filters-heading">
      <h2 id="audit-filters-heading">Filters</h2>
      <div className="audit-filters">
        <Field
          label="Action"
          hint="Exact (invitation.created) or a prefix ending in a dot (auth.)."
          error={invalidAction ? 'Lowercase letters, dots and underscores only.' : undefined}
        >
          <input
            list="audit-action-suggestions"
            value={draft.action}
            onChange={set('action')}
            spellCheck={false}
          />
        </Field>
        <datalist id="audit-action-suggestions">
          {ACTION_SUGGESTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Field label="Actor">
          <select value={draft.actor} onChange={set('actor')}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ? `${m.name} (${m.email})` : m.email}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From">
          <input type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} />
        </Field>
        <Field label="To">
          <input type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />
        </Field>
      </div>
      <div className="row">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button onClick={() => onApply({ action: '', actor: '', from: '', to: '' })}>Clear filters</Button>
      </div>
    </form>
  );
}
