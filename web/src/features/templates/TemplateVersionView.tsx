// One old version of a template, read-only.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useParams } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { Badge, formatDateTime, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { getVersion, templateKeys } from './api';
import { TemplateContent } from './TemplateContent';
import { docOfVersion, humanize, type LibraryParam } from './types';

export function TemplateVersionView({ library, slug }: { library: LibraryParam; slug: string }) {
  const version = Number(useParams().version);
  const valid = Number.isInteger(version) && version >= 1;
  const found = useQuery({
    queryKey: templateKeys.version(library, slug, version),
    queryFn: () => getVersion(library, slug, version),
    enabled: valid,
    staleTime: Number.POSITIVE_INFINITY, // a version never changes
  });
  useDocumentTitle(
    found.data ? `${found.data.content.role}, version ${version} · Templates` : 'Template version',
  );
  const base = `/templates/${library}/${slug}`;
  const back = (
    <p className="row">
      <Link to={`${base}/versions`}>← Version history</Link>
      <Link to={base}>Current version</Link>
    </p>
  );
  if (!valid) {
    return (
      <div className="stack">
        {back}
        <PageHeader title="Template version" />
        <ProblemAlert error={new Error('This is not a version number.')} title="Version not found" />
      </div>
    );
  }
  if (found.isPending) return <Loading label="Loading the version…" />;
  if (!found.data) {
    return (
      <div className="stack">
        {back}
        <PageHeader title="Template version" />
        <ProblemAlert error={found.error} title="Could not load the version" />
      </div>
    );
  }
  const doc = docOfVersion(found.data);
  return (
    <div className="stack">
      {back}
      <PageHeader
        title={`${doc.role}, version ${found.data.version}`}
        description={
          <span className="row">
            <Badge tone="warning">Read-only snapshot</Badge>
            <span>
              Saved {formatDateTime(found.data.createdAt)} · {humanize(doc.category)} ·{' '}
              {humanize(doc.seniority)}
            </span>
          </span>
        }
      />
      <TemplateContent doc={doc} idPrefix={`v${found.data.version}`} />
    </div>
  );
}
