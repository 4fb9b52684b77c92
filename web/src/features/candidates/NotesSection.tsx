// The team's notes on an application, oldest first, and a form to add one with @mentions
// (mentioned members get an email). Adding is optimistic: the note shows at once, marked as
// sending, and the text comes back if the server refuses it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useCan, useSession } from '../../app/session';
import { useToast } from '../../ui/toast';
import { Button, Field, Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { MentionTextarea } from './MentionTextarea';
import { type Picked, toApiBody } from './mentions';
import { keys, useMembers, useNotes } from './queries';
import { displayNote } from './words';

type NoteList = {
  items: {
    id: string;
    author: { id: string | null; label: string };
    body: string;
    mentions: { userId: string; email: string }[];
    createdAt: string;
  }[];
};

const PENDING_PREFIX = 'pending-';

export function NotesSection({ applicationId }: { applicationId: string }) {
  const notes = useNotes(applicationId);
  const canWrite = useCan('applications.collaborate');
  return (
    <section className="card stack" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      {notes.isPending ? (
        <Loading label="Loading notes…" />
      ) : notes.isError ? (
        <ProblemAlert error={notes.error} title="Could not load the notes" />
      ) : notes.data.items.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="list" aria-label="Notes, oldest first">
          {notes.data.items.map((n) => (
            <li key={n.id} className="list-item">
              <div className="row small">
                <strong>{n.author.label}</strong>
                <time className="muted" dateTime={n.createdAt}>
                  {formatDateTime(n.createdAt)}
                </time>
                {n.id.startsWith(PENDING_PREFIX) && <span className="muted">Sending…</span>}
              </div>
              <p className="note-body">{displayNote(n.body)}</p>
            </li>
          ))}
        </ul>
      )}
      {canWrite && <AddNote applicationId={applicationId} />}
    </section>
  );
}

function AddNote({ applicationId }: { applicationId: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const me = useSession();
  const members = useMembers();
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Picked[]>([]);
  const key = keys.notes(applicationId);

  const add = useMutation({
    mutationFn: (body: string) =>
      unwrap(
        api.POST('/api/v1/org/applications/{id}/notes', {
          params: { path: { id: applicationId } },
          body: { body },
        }),
      ),
    onMutate: async (body) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<NoteList>(key);
      const draft = { text, picked };
      const optimistic = {
        id: `${PENDING_PREFIX}${Date.now()}`,
        author: { id: me.id, label: me.name || me.email },
        body,
        mentions: [],
        createdAt: new Date().toISOString(),
      };
      client.setQueryData<NoteList>(key, { items: [...(before?.items ?? []), optimistic] });
      setText('');
      setPicked([]);
      return { before, draft };
    },
    onError: (_e, _body, context) => {
      if (context?.before) client.setQueryData(key, context.before);
      if (context?.draft) {
        setText(context.draft.text);
        setPicked(context.draft.picked);
      }
    },
    onSuccess: (note) => {
      toast.show(
        note.mentions.length > 0
          ? `Note added; ${note.mentions.length === 1 ? 'one member was' : `${note.mentions.length} members were`} notified`
          : 'Note added',
      );
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: keys.timeline(applicationId) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    add.mutate(toApiBody(text.trim(), picked));
  };

  return (
    <form className="stack-sm" onSubmit={submit} noValidate>
      {add.error && <ProblemAlert error={add.error} title="Could not add the note" />}
      <Field label="Add a note" hint="Type @ to mention a teammate; they get an email with a link here.">
        <MentionTextarea
          value={text}
          onChange={setText}
          members={members.data ?? []}
          onPick={(p) => setPicked((all) => [...all.filter((x) => x.userId !== p.userId), p])}
        />
      </Field>
      <div>
        <Button type="submit" variant="primary" busy={add.isPending} disabled={!text.trim()}>
          Add note
        </Button>
      </div>
    </form>
  );
}
