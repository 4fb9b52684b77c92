// /settings/emails and /settings/emails/:kind: the candidate emails, each editable with a preview.
import { useQuery } from '@tanstack/react-query';
import { NavLink, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Badge, Loading, ProblemAlert } from '../../ui/components';
import { EMAIL_KIND_INFO, isEmailKind } from './emails';
import { EmailTemplateEditor } from './EmailTemplateEditor';
import { settingsKeys } from './keys';
import { NotAllowed, SettingsLayout } from './SettingsLayout';

export function EmailSettings() {
  const canRead = useCan('applications.read');
  return (
    <SettingsLayout
      title="Candidate emails"
      description="What candidates receive from you. Each email uses your text, or Rolecraft's built-in one."
    >
      {canRead ? <EmailTemplates /> : <NotAllowed what="candidate emails" />}
    </SettingsLayout>
  );
}

function EmailTemplates() {
  const { kind } = useParams();
  const templates = useQuery({
    queryKey: settingsKeys.emails,
    queryFn: () => unwrap(api.GET('/api/v1/org/email-templates')),
  });
  if (templates.isPending) return <Loading label="Loading emails…" />;
  if (templates.error) return <ProblemAlert error={templates.error} title="Could not load the emails" />;
  const items = templates.data.items;
  const selected = isEmailKind(kind) ? items.find((t) => t.kind === kind) : undefined;
  return (
    <div className="email-layout">
      <nav aria-label="Candidate emails" className="email-kinds">
        <ul className="list">
          {items.map((t) => (
            <li key={t.kind}>
              <NavLink to={`/settings/emails/${t.kind}`} className="list-item email-kind-link">
                <strong>{EMAIL_KIND_INFO[t.kind].label}</strong>{' '}
                <Badge tone={t.custom ? 'primary' : 'neutral'}>{t.custom ? 'Your text' : 'Built-in'}</Badge>
                <span className="small muted block">{EMAIL_KIND_INFO[t.kind].when}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        {selected ? (
          <EmailTemplateEditor
            key={`${selected.kind}:${selected.custom}:${selected.subject}:${selected.body}`}
            template={selected}
          />
        ) : kind ? (
          <div className="alert alert-warning" role="alert">
            <p>There is no candidate email called “{kind}”. Choose one from the list.</p>
          </div>
        ) : (
          <div className="empty">
            <h2>Choose an email to edit</h2>
            <p>Pick one from the list to change its subject and text and preview it.</p>
          </div>
        )}
      </div>
    </div>
  );
}
