// One template, as its public page shows it, with what a recruiter does next: fork it, edit it,
// start a posting from it, read its history and its quality score.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useCan, useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Badge, Button, formatDateTime, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { forkTemplate, getAnalysis, getTemplate, isConflict, templateKeys } from './api';
import { FindingList, ScoreLine } from './QualityFindings';
import { TemplateContent } from './TemplateContent';
import { docOfTemplate, humanize, type LibraryParam, type Template } from './types';

function QualityCard({ library, slug }: { library: LibraryParam; slug: string }) {
  const analysis = useQuery({
    queryKey: templateKeys.analysis(library, slug),
    queryFn: () => getAnalysis(library, slug),
  });
  return (
    <section className="card stack-sm" aria-labelledby="quality-heading">
      <h2 id="quality-heading">Quality score</h2>
      {analysis.isPending && <Loading label="Analyzing…" />}
      {analysis.isError && <ProblemAlert error={analysis.error} title="Could not analyze the template" />}
      {analysis.data && (
        <>
          <ScoreLine analysis={analysis.data} />
          {analysis.data.findings.length > 0 ? (
            <details>
              <summary>Show the findings</summary>
              <FindingList analysis={analysis.data} />
            </details>
          ) : (
            <p>No findings: this description reads well.</p>
          )}
        </>
      )}
    </section>
  );
}

function Facts({
  template,
  library,
  orgName,
}: {
  template: Template;
  library: LibraryParam;
  orgName: string;
}) {
  return (
    <section className="card stack-sm" aria-labelledby="facts-heading">
      <h2 id="facts-heading">About this template</h2>
      <dl className="template-facts">
        <div className="template-fact">
          <dt>Library</dt>
          <dd>{library === 'global' ? 'Built-in' : orgName}</dd>
        </div>
        <div className="template-fact">
          <dt>Category</dt>
          <dd>{humanize(template.category)}</dd>
        </div>
        <div className="template-fact">
          <dt>Seniority</dt>
          <dd>{humanize(template.seniority)}</dd>
        </div>
        <div className="template-fact">
          <dt>Version</dt>
          <dd>
            {template.version} ·{' '}
            <Link to={`/templates/${library}/${template.slug}/versions`}>Version history</Link>
          </dd>
        </div>
        <div className="template-fact">
          <dt>Last changed</dt>
          <dd>{formatDateTime(template.updatedAt)}</dd>
        </div>
        {template.forkedFrom && (
          <div className="template-fact">
            <dt>Forked from</dt>
            <dd>
              <Link to={`/templates/global/${template.forkedFrom}`}>{template.forkedFrom}</Link> (built-in)
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

export function TemplateView({ library, slug }: { library: LibraryParam; slug: string }) {
  const me = useSession();
  const canWrite = useCan('templates.write');
  const canPost = useCan('postings.write');
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const loaded = useQuery({
    queryKey: templateKeys.detail(library, slug),
    queryFn: () => getTemplate(library, slug),
  });
  const template = loaded.data?.template;
  useDocumentTitle(template ? `${template.role} · Templates` : 'Template');
  const fork = useMutation({
    mutationFn: () => forkTemplate(slug),
    onSuccess: (forked) => {
      client.invalidateQueries({ queryKey: templateKeys.all });
      toast.show(`Forked “${forked.role}” into your library.`);
      navigate(`/templates/org/${forked.slug}`);
    },
  });

  if (loaded.isPending) return <Loading label="Loading the template…" />;
  if (!template) {
    return (
      <div className="stack">
        <PageHeader title="Template" />
        <ProblemAlert error={loaded.error} title="Could not load the template" />
        <Link to="/templates">Back to templates</Link>
      </div>
    );
  }
  const orgName = me.activeOrganization?.name ?? 'Your organization';
  const canEdit = library === 'org' ? canWrite : me.platformAdmin;
  const apiLibrary = library === 'global' ? 'global' : 'organization';
  return (
    <div className="stack">
      <p>
        <Link to="/templates">← Templates</Link>
      </p>
      <PageHeader
        title={template.role}
        description={
          <span className="row">
            <Badge tone={library === 'global' ? 'neutral' : 'primary'}>
              {library === 'global' ? 'Built-in' : orgName}
            </Badge>
            <span>{template.title}</span>
          </span>
        }
        actions={
          <>
            {canPost && (
              <Link
                className="btn btn-primary"
                to={`/postings/new?template=${encodeURIComponent(template.slug)}&library=${apiLibrary}`}
              >
                Create posting from this template
              </Link>
            )}
            {library === 'global' && canWrite && (
              <Button onClick={() => fork.mutate()} busy={fork.isPending}>
                Fork to my library
              </Button>
            )}
            {canEdit && (
              <Link className="btn" to={`/templates/${library}/${template.slug}/edit`}>
                Edit
              </Link>
            )}
            <Link className="btn btn-ghost" to={`/templates/${library}/${template.slug}/versions`}>
              Version history
            </Link>
          </>
        }
      />
      {fork.error && (
        <div className="stack-sm">
          <ProblemAlert error={fork.error} title="Could not fork the template" />
          {isConflict(fork.error) && (
            <p>
              <Link to={`/templates/org/${slug}`}>Open the copy in your library</Link>
            </p>
          )}
        </div>
      )}
      <div className="split">
        <TemplateContent doc={docOfTemplate(template)} />
        <div className="stack">
          <QualityCard library={library} slug={template.slug} />
          <Facts template={template} library={library} orgName={orgName} />
        </div>
      </div>
    </div>
  );
}
