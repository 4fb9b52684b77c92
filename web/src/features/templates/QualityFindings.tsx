// The score and findings of a quality analysis. Severity is written out, not only coloured.
import { Badge } from '../../ui/components';
import type { Analysis, Finding } from './types';

const SEVERITY_TONE = { error: 'danger', warning: 'warning', info: 'neutral' } as const;
const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Tip' } as const;

export function scoreVerdict(score: number) {
  if (score >= 85) return 'Good';
  if (score >= 65) return 'Fair';
  return 'Needs work';
}

export function ScoreLine({ analysis }: { analysis: Analysis }) {
  const count = analysis.findings.length + analysis.omittedFindings;
  return (
    <p className="quality-score">
      <span className="quality-score-number">{analysis.score}</span>
      <span className="quality-score-of">/100</span>
      <span className="quality-score-text">
        {scoreVerdict(analysis.score)} · {count} finding{count === 1 ? '' : 's'}
      </span>
    </p>
  );
}

/** "responsibilities.3" → "Responsibility 4"; the place a recruiter looks for it. */
export function fieldLabel(path: string): string {
  const [name, index, part] = path.split('.');
  const n = index === undefined ? '' : ` ${Number(index) + 1}`;
  switch (name) {
    case 'title':
      return 'Role';
    case 'summary':
      return 'Summary';
    case 'responsibilities':
      return `Responsibility${n}`;
    case 'qualifications':
      return `Qualification${n}`;
    case 'preferredQualifications':
      return `Preferred qualification${n}`;
    case 'skills':
      return `Skill${n}`;
    case 'faqs':
      return `FAQ${n} ${part === 'question' ? 'question' : 'answer'}`;
    case 'extraSections':
      return `Section${n} ${part === 'heading' ? 'heading' : 'text'}`;
    default:
      return path;
  }
}

export function FindingItem({
  finding,
  number,
  onShow,
}: {
  finding: Finding;
  number?: number;
  onShow?: (finding: Finding) => void;
}) {
  const { span } = finding;
  return (
    <li className={`finding finding-${finding.severity}`}>
      <p className="row finding-head">
        <Badge tone={SEVERITY_TONE[finding.severity]}>{SEVERITY_LABEL[finding.severity]}</Badge>
        {number !== undefined && span && (
          <span className="finding-number" aria-hidden="true">
            {number}
          </span>
        )}
        <code className="small">{finding.rule}</code>
      </p>
      <p className="finding-message">
        <strong>{finding.message}</strong>
      </p>
      {span && (
        <p className="small">
          {fieldLabel(span.field)}: <q className="finding-text">{span.text}</q>{' '}
          {onShow && (
            <button type="button" className="link-button" onClick={() => onShow(finding)}>
              Show “{span.text.length > 30 ? `${span.text.slice(0, 30)}…` : span.text}” in the text
            </button>
          )}
        </p>
      )}
      <p className="small">{finding.explanation}</p>
      {finding.suggestion && (
        <p className="small">
          <strong>Suggestion:</strong> {finding.suggestion}
        </p>
      )}
    </li>
  );
}

export function FindingList({
  analysis,
  onShow,
  numbers,
}: {
  analysis: Analysis;
  onShow?: (finding: Finding) => void;
  numbers?: Map<Finding, number>;
}) {
  if (analysis.findings.length === 0) return <p>No findings: this description reads well.</p>;
  return (
    <>
      <ul className="findings" aria-label="Findings">
        {analysis.findings.map((f) => (
          <FindingItem
            key={`${f.rule}:${f.span?.field ?? ''}:${f.span?.start ?? ''}:${f.message}`}
            finding={f}
            {...(numbers?.has(f) ? { number: numbers.get(f) } : {})}
            {...(onShow ? { onShow } : {})}
          />
        ))}
      </ul>
      {analysis.omittedFindings > 0 && (
        <p className="muted small">
          {analysis.omittedFindings} more finding{analysis.omittedFindings === 1 ? '' : 's'} of rules already
          listed 25 times are not shown (the score counts them).
        </p>
      )}
    </>
  );
}
