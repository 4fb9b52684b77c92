// A template's versions, newest first, and a comparison of any two (?from=&to= in the URL).
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { EmptyState, Field, formatDateTime, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { getTemplate, listAllVersions, templateKeys } from './api';
import { docOfVersion, type LibraryParam, type TemplateVersion } from './types';
import { VersionDiff } from './VersionDiff';

function pick(versions: TemplateVersion[], raw: string | null, fallback: TemplateVersion | undefined) {
  const n = Number(raw);
  return versions.find((v) => v.version === n) ?? fallback;
}

export function VersionHistory({ library, slug }: { library: LibraryParam; slug: string }) {
  const [params, setParams] = useSearchParams();
  const template = useQuery({
    queryKey: templateKeys.detail(library, slug),
    queryFn: () => getTemplate(library, slug),
  });
  const versions = useQuery({
    queryKey: templateKeys.versions(library, slug),
    queryFn: () => listAllVersions(library, slug),
  });
  const role = template.data?.template.role;
  useDocumentTitle(role ? `Versions of ${role} · Templates` : 'Version history');
  const base = `/templates/${library}/${slug}`;
  const list = versions.data ?? [];
  // Newest first: by default compare the latest version with the one before it.
  const to = pick(list, params.get('to'), list[0]);
  const from = pick(list, params.get('from'), list[1] ?? list[0]);
  const choose = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (!next.has(key === 'from' ? 'to' : 'from')) {
      const other = key === 'from' ? to : from;
      if (other) next.set(key === 'from' ? 'to' : 'from', String(other.version));
    }
    setParams(next, { replace: true });
  };

  return (
    <div className="stack">
      <p>
        <Link to={base}>← Back to the template</Link>
      </p>
      <PageHeader
        title={role ? `Version history: ${role}` : 'Version history'}
        description="Every save keeps the previous version. Compare any two."
      />
      {versions.isPending && <Loading label="Loading the versions…" />}
      {versions.isError && <ProblemAlert error={versions.error} title="Could not load the versions" />}
      {versions.isSuccess && list.length === 0 && <EmptyState title="No versions" />}
      {list.length > 0 && (
        <section className="card stack-sm" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions</h2>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Versions of this template, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Saved</th>
                  <th scope="col" className="hide-narrow">
                    Role at the time
                  </th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((v, i) => (
                  <tr key={v.version}>
                    <td>
                      Version {v.version}
                      {i === 0 && <span className="muted"> (current)</span>}
                    </td>
                    <td>{formatDateTime(v.createdAt)}</td>
                    <td className="hide-narrow">{v.content.role}</td>
                    <td>
                      <Link to={`${base}/versions/${v.version}`}>View version {v.version}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {list.length > 0 && from && to && (
        <section className="card stack" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare</h2>
          {list.length < 2 ? (
            <p className="muted">There is only one version so far: save a change to compare.</p>
          ) : (
            <>
              <div className="grid-2">
                <Field label="From version">
                  <select value={from.version} onChange={(e) => choose('from', e.target.value)}>
                    {list.map((v) => (
                      <option key={v.version} value={v.version}>
                        Version {v.version} · {formatDateTime(v.createdAt)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="To version">
                  <select value={to.version} onChange={(e) => choose('to', e.target.value)}>
                    {list.map((v) => (
                      <option key={v.version} value={v.version}>
                        Version {v.version} · {formatDateTime(v.createdAt)}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
              <div aria-live="polite" className="stack-sm">
                <p className="muted small">
                  Changes from version {from.version} to version {to.version}.
                </p>
                <VersionDiff from={docOfVersion(from)} to={docOfVersion(to)} />
              </div>
            </>
          )}
        </section>
      )}
    </div>
  );
}
