import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { fetchMe, useResetSession, useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Button, Field, PageHeader, ProblemAlert } from '../../ui/components';
import { slugify } from './slug';

export function CreateOrganization() {
  useDocumentTitle('New organization');
  const me = useSession();
  const reset = useResetSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/orgs', { body: { name, slug: slugEdited ? slug : slugify(name) } }));
      return fetchMe();
    },
    onSuccess: (fresh) => {
      reset(fresh);
      navigate('/postings', { replace: true });
    },
  });
  const switchTo = useMutation({
    mutationFn: async (organization: string) => {
      await unwrap(api.PUT('/api/v1/me/organization', { body: { organization } }));
      return fetchMe();
    },
    onSuccess: (fresh) => {
      reset(fresh);
      navigate('/postings', { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const problem = create.error;
  const shownSlug = slugEdited ? slug : slugify(name);
  return (
    <div className="narrow stack">
      <PageHeader
        title="Create an organization"
        description="Your company's hiring space: postings, candidates, the career site and the team."
      />
      {problem && <ProblemAlert error={problem} title="Could not create the organization" />}
      <form className="card stack" onSubmit={submit} noValidate>
        <Field label="Organization name">
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field
          label="Career site address"
          hint={`Your jobs will be at /careers/${shownSlug || 'your-company'}. Lowercase letters, digits and hyphens.`}
        >
          <input
            required
            maxLength={63}
            value={shownSlug}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.target.value);
            }}
          />
        </Field>
        <div>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create organization
          </Button>
        </div>
      </form>
      {me.organizations.length > 0 && (
        <section className="card stack" aria-labelledby="existing-orgs">
          <h2 id="existing-orgs">Or work in one of yours</h2>
          {switchTo.error && <ProblemAlert error={switchTo.error} />}
          <ul className="list">
            {me.organizations.map((o) => (
              <li key={o.id} className="list-item row">
                <span>
                  <strong>{o.name}</strong> <span className="muted">({o.role.replace('_', ' ')})</span>
                </span>
                <Button small onClick={() => switchTo.mutate(o.slug)} busy={switchTo.isPending}>
                  Switch to {o.name}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
