// The editor's live quality-analysis panel: score, findings (each can take the person to the
// flagged text), announced politely as it changes.
import { Loading, ProblemAlert } from '../../ui/components';
import { FindingList, ScoreLine, scoreVerdict } from './QualityFindings';
import type { Finding } from './types';
import type { LiveAnalysis } from './useLiveAnalysis';

export function numberSpans(findings: Finding[]): Map<Finding, number> {
  const numbers = new Map<Finding, number>();
  for (const f of findings) if (f.span) numbers.set(f, numbers.size + 1);
  return numbers;
}

export function QualityPanel({
  live,
  numbers,
  onShow,
  needsRole,
}: {
  live: LiveAnalysis;
  numbers: Map<Finding, number>;
  onShow: (finding: Finding) => void;
  needsRole: boolean;
}) {
  const analysis = live.result?.analysis;
  const count = analysis ? analysis.findings.length + analysis.omittedFindings : 0;
  return (
    <section className="card stack-sm quality-panel" aria-labelledby="quality-analysis">
      <h2 id="quality-analysis" tabIndex={-1}>
        Quality analysis
      </h2>
      <p className="sr-only" role="status">
        {analysis && !live.updating
          ? `Score ${analysis.score} of 100, ${scoreVerdict(analysis.score)}, ${count} finding${count === 1 ? '' : 's'}.`
          : ''}
      </p>
      {needsRole && <p className="muted">Enter the role to analyze the description.</p>}
      {!needsRole && !analysis && !live.error && <Loading label="Analyzing…" />}
      {live.error ? <ProblemAlert error={live.error} title="Could not analyze the text" /> : null}
      {analysis && (
        <>
          <div className="row">
            <ScoreLine analysis={analysis} />
            <span className="muted small" aria-hidden={!live.updating}>
              {live.updating ? 'Updating…' : 'Up to date'}
            </span>
          </div>
          <FindingList analysis={analysis} onShow={onShow} numbers={numbers} />
        </>
      )}
    </section>
  );
}
