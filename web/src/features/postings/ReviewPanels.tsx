// The review's two reports: the quality analysis (score and findings) and the publishing checks
// (required fields and pay-transparency rules, errors before warnings).
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge, Loading, ProblemAlert } from '../../ui/components';
import { PostingProblem } from './api';
import { type CheckItem, type Finding, fetchAnalysis, fetchChecks, postingKeys } from './api';
import { STEP_NAMES, stepOf } from './stepOf';

const SEVERITY_TONE = { error: 'danger', warning: 'warning', info: 'primary' } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function AnalysisPanel({ id, hrefOf }: { id: string; hrefOf: (step: string) => string }) {
  const analysis = useQuery({ queryKey: postingKeys.part(id, 'analysis'), queryFn: () => fetchAnalysis(id) });
  return (
    <section className="card stack" aria-labelledby="analysis-heading">
      <h3 id="analysis-heading">Quality analysis</h3>
      {analysis.isPending ? (
        <Loading label="Analysing the posting…" />
      ) : analysis.isError ? (
        <ProblemAlert error={analysis.error} title="Could not analyse the posting" />
      ) : (
        <>
          <p>
            <span className="score">{analysis.data.score}</span> <span className="muted">out of 100</span>
            <span className="muted small">
              {' '}
              · {analysis.data.counts.words} words · reading grade{' '}
              {analysis.data.readability.fleschKincaidGrade.toFixed(1)}
            </span>
          </p>
          {analysis.data.findings.length === 0 ? (
            <p>No findings: the posting reads well.</p>
          ) : (
            <ul className="list">
              {[...analysis.data.findings]
                .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
                .map((f, i) => (
                  <FindingItem key={`${f.rule}-${i}`} finding={f} hrefOf={hrefOf} />
                ))}
            </ul>
          )}
          {analysis.data.omittedFindings > 0 && (
            <p className="muted small">
              {analysis.data.omittedFindings} more findings of the same kinds are not listed.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function FindingItem({ finding: f, hrefOf }: { finding: Finding; hrefOf: (step: string) => string }) {
  const step = stepOf(f.span?.field, f.rule);
  return (
    <li className="list-item finding stack-sm" data-severity={f.severity}>
      <p>
        <Badge tone={SEVERITY_TONE[f.severity]}>{f.severity}</Badge> <strong>{f.message}</strong>
      </p>
      {f.span && (
        <p className="small">
          In <code>{f.span.field}</code>: “{f.span.text}”
        </p>
      )}
      <p className="small">{f.explanation}</p>
      <p className="small">
        <strong>Suggestion:</strong> {f.suggestion}
      </p>
      <p className="small">
        <Link to={hrefOf(step)}>Fix in {STEP_NAMES[step]}</Link>
        <span className="muted"> · rule {f.rule}</span>
      </p>
    </li>
  );
}

export function ChecksPanel({ id, hrefOf }: { id: string; hrefOf: (step: string) => string }) {
  const checks = useQuery({ queryKey: postingKeys.part(id, 'checks'), queryFn: () => fetchChecks(id) });
  return (
    <section className="card stack" aria-labelledby="checks-heading">
      <h3 id="checks-heading">Publishing checks</h3>
      {checks.isPending ? (
        <Loading label="Running the publishing checks…" />
      ) : checks.isError ? (
        <ProblemAlert error={checks.error} title="Could not run the publishing checks" />
      ) : (
        <>
          <p role="status" className={checks.data.ok ? 'alert alert-success' : 'alert alert-danger'}>
            {checks.data.ok
              ? `Ready to publish${checks.data.warnings.length ? `, with ${checks.data.warnings.length} warning${checks.data.warnings.length === 1 ? '' : 's'}` : ''}.`
              : `Not ready to publish: ${checks.data.errors.length} error${checks.data.errors.length === 1 ? '' : 's'} to fix.`}
          </p>
          <p className="small muted">
            Pay transparency:{' '}
            {checks.data.payTransparency === 'required'
              ? 'a law requires a pay range for this posting.'
              : checks.data.payTransparency === 'recommended'
                ? 'a pay range is recommended for this posting.'
                : 'no pay-transparency rule applies to these locations.'}{' '}
            The rules reflect the laws as known on 2026-11-25 and are not legal advice.
          </p>
          {checks.data.errors.length > 0 && (
            <CheckList title="Errors" tone="danger" items={checks.data.errors} hrefOf={hrefOf} />
          )}
          {checks.data.warnings.length > 0 && (
            <CheckList title="Warnings" tone="warning" items={checks.data.warnings} hrefOf={hrefOf} />
          )}
        </>
      )}
    </section>
  );
}

/**
 * A refused publish or reopen: the problem's detail and each failing check with its rule and
 * source (the raw field paths would only repeat them); any other problem as ProblemAlert shows it.
 */
export function RefusalAlert({
  error,
  title,
  hrefOf,
}: {
  error: unknown;
  title: string;
  hrefOf: (step: string) => string;
}) {
  if (!error) return null;
  if (!(error instanceof PostingProblem) || error.reasons.length === 0) {
    return <ProblemAlert error={error} title={title} />;
  }
  return (
    <div className="alert alert-danger stack-sm" role="alert">
      <h2>{title}</h2>
      <p>
        {error.reasons.length === 1
          ? 'One publishing check failed:'
          : `${error.reasons.length} publishing checks failed:`}
      </p>
      <ul className="list">
        {error.reasons.map((c, i) => (
          <CheckEntry key={`${c.code}-${i}`} item={c} tone="danger" hrefOf={hrefOf} />
        ))}
      </ul>
    </div>
  );
}

export function CheckList({
  title,
  tone,
  items,
  hrefOf,
}: {
  title: string;
  tone: 'danger' | 'warning';
  items: CheckItem[];
  hrefOf?: (step: string) => string;
}) {
  return (
    <div className="stack-sm">
      <h4>{title}</h4>
      <ul className="list">
        {items.map((c, i) => (
          <CheckEntry key={`${c.code}-${i}`} item={c} tone={tone} {...(hrefOf ? { hrefOf } : {})} />
        ))}
      </ul>
    </div>
  );
}

function CheckEntry({
  item: c,
  tone,
  hrefOf,
}: {
  item: CheckItem;
  tone: 'danger' | 'warning';
  hrefOf?: (step: string) => string;
}) {
  const step = stepOf(c.field);
  return (
    <li className="list-item finding stack-sm" data-severity={tone === 'danger' ? 'error' : 'warning'}>
      <p>
        <Badge tone={tone}>{tone === 'danger' ? 'error' : 'warning'}</Badge> {c.message}
      </p>
      {c.rule && (
        <p className="small">
          <strong>Rule:</strong> <code>{c.rule}</code>
          {c.source && (
            <>
              {' · '}
              <strong>Source:</strong> <SourceLink source={c.source} />
            </>
          )}
        </p>
      )}
      {hrefOf && (
        <p className="small">
          <Link to={hrefOf(step)}>Fix in {STEP_NAMES[step]}</Link>
        </p>
      )}
    </li>
  );
}

function SourceLink({ source }: { source: string }) {
  if (/^https?:\/\//.test(source)) {
    return (
      <a href={source} target="_blank" rel="noreferrer">
        {source.replace(/^https?:\/\//, '').replace(/\/.*$/, '')}
        <span className="sr-only"> (opens in a new tab)</span>
      </a>
    );
  }
  return <span>{source}</span>;
}
