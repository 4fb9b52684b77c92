// What happened to a posting: its status changes (who, when, why) and its saved versions.
import { useQuery } from '@tanstack/react-query';
import { Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { fetchEvents, fetchVersions, postingKeys } from './api';
import { StatusBadge } from './StatusBadge';
import { VersionChanges } from './VersionChanges';

export function PostingEvents({ id }: { id: string }) {
  const events = useQuery({ queryKey: postingKeys.part(id, 'events'), queryFn: () => fetchEvents(id) });
  return (
    <section className="card stack-sm" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {events.isPending ? (
        <Loading label="Loading the history…" />
      ) : events.isError ? (
        <ProblemAlert error={events.error} title="Could not load the history" />
      ) : events.data.items.length === 0 ? (
        <p className="muted">Not published yet: no status changes.</p>
      ) : (
        <ol className="list">
          {events.data.items.map((e) => (
            <li key={`${e.at}-${e.to}`} className="list-item small">
              <p>
                <StatusBadge status={e.from} /> <span aria-hidden="true">→</span>
                <span className="sr-only">to</span> <StatusBadge status={e.to} />
              </p>
              <p>
                {e.actor} · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </p>
              {e.reason && <p className="muted">“{e.reason}”</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function PostingVersions({ id }: { id: string }) {
  const versions = useQuery({ queryKey: postingKeys.part(id, 'versions'), queryFn: () => fetchVersions(id) });
  return (
    <section className="card stack-sm" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      {versions.isPending ? (
        <Loading label="Loading the versions…" />
      ) : versions.isError ? (
        <ProblemAlert error={versions.error} title="Could not load the versions" />
      ) : versions.data.data.length === 0 ? (
        <p className="muted">No versions yet.</p>
      ) : (
        <ol className="list">
          {versions.data.data.map((v, i, all) => {
            // Newest first: the version before this one is the next in the list.
            const previous = all[i + 1];
            return (
              <li key={v.version} className="list-item small stack-sm">
                <p>
                  <strong>Version {v.version}</strong> <StatusBadge status={v.status} />
                </p>
                <p>
                  {v.content.title} · <time dateTime={v.createdAt}>{formatDateTime(v.createdAt)}</time>
                </p>
                {previous && (
                  <details>
                    <summary>Changes from version {previous.version}</summary>
                    <VersionChanges before={previous.content} after={v.content} />
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {versions.data?.nextCursor && <p className="muted small">Showing the 20 most recent versions.</p>}
    </section>
  );
}
