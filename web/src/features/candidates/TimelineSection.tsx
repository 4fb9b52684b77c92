// Everything that happened to the application, oldest first, in words, and the time spent in each
// stage.
import { Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { type Application, useMembers, useTimeline } from './queries';
import { ScrollTable } from '../../ui/ScrollTable';
import { describeEvent, formatDuration } from './words';

export function TimelineSection({ application }: { application: Application }) {
  const timeline = useTimeline(application.id);
  const members = useMembers();
  const nameOf = (id: string) => {
    const m = members.data?.find((x) => x.userId === id);
    return m ? m.name || m.email : 'a former member';
  };
  return (
    <section className="card stack" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {timeline.isPending ? (
        <Loading label="Loading the timeline…" />
      ) : timeline.isError ? (
        <ProblemAlert error={timeline.error} title="Could not load the timeline" />
      ) : timeline.data.items.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline" aria-label="Events, oldest first">
          {timeline.data.items.map((e) => (
            <li key={e.id}>
              <span>{describeEvent(e, nameOf)}</span>
              <br />
              <time className="small muted" dateTime={e.at}>
                {formatDateTime(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
      <h3>Time in each stage</h3>
      <ScrollTable label="Time in each stage">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Entered</th>
            <th scope="col">Time there</th>
            <th scope="col">Moved by</th>
          </tr>
        </thead>
        <tbody>
          {application.stageHistory.map((v) => (
            <tr key={`${v.stage.id}-${v.enteredAt}`}>
              <td>
                {v.stage.name}
                {v.leftAt === null ? ' (current)' : ''}
              </td>
              <td>{formatDateTime(v.enteredAt)}</td>
              <td>{formatDuration(v.seconds)}</td>
              <td>{v.by}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}
