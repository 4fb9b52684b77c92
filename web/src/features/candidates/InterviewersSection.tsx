// Who interviews this application. Interviewers only see the applications they are assigned to,
// so this is also who may open it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useToast } from '../../ui/toast';
import { Button, Loading, ProblemAlert } from '../../ui/components';
import { type Application, keys, useMembers } from './queries';

const ROLE_LABELS: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  recruiter: 'Recruiter',
  hiring_manager: 'Hiring manager',
  interviewer: 'Interviewer',
  viewer: 'Viewer',
};

export function InterviewersSection({ application }: { application: Application }) {
  const client = useQueryClient();
  const toast = useToast();
  const members = useMembers();
  const [chosen, setChosen] = useState<string[]>(application.assignedTo);
  const key = keys.application(application.id);
  const save = useMutation({
    mutationFn: (userIds: string[]) =>
      unwrap(
        api.PUT('/api/v1/org/applications/{id}/assignments', {
          params: { path: { id: application.id } },
          body: { userIds },
        }),
      ),
    onSuccess: (result) => {
      const before = client.getQueryData<Application>(key);
      if (before) client.setQueryData<Application>(key, { ...before, assignedTo: result.userIds });
      toast.show(result.userIds.length === 0 ? 'No interviewers assigned' : 'Interviewers saved');
      void client.invalidateQueries({ queryKey: keys.timeline(application.id) });
    },
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((all) => (on ? [...all.filter((x) => x !== id), id] : all.filter((x) => x !== id)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(chosen);
  };
  return (
    <section className="card stack" aria-labelledby="interviewers-heading">
      <h2 id="interviewers-heading">Interviewers</h2>
      <p className="muted">Interviewers see only the applications they are assigned to.</p>
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.isError ? (
        <ProblemAlert error={members.error} title="Could not load the members" />
      ) : (
        <form className="stack-sm" onSubmit={submit}>
          {save.error && <ProblemAlert error={save.error} title="Could not save the interviewers" />}
          <fieldset className="field">
            <legend>Assigned interviewers</legend>
            <ul className="list">
              {members.data.map((m) => (
                <li key={m.userId}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen.includes(m.userId)}
                      onChange={(e) => toggle(m.userId, e.target.checked)}
                    />
                    <span>
                      {m.name || m.email}{' '}
                      <span className="small muted">
                        ({ROLE_LABELS[m.role] ?? m.role}, {m.email})
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div>
            <Button type="submit" variant="primary" busy={save.isPending}>
              Save interviewers
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
