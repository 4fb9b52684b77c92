// The analyzed document with each finding's span in a <mark>, numbered like the findings list so
// the highlight does not rely on colour. Spans are UTF-16 offsets into one field's string.
import type { ReactNode } from 'react';
import type { AnalysisDocument, Finding } from './types';

interface Props {
  document: AnalysisDocument;
  findings: Finding[];
  numbers: Map<Finding, number>;
}

function marked(path: string, text: string, findings: Finding[], numbers: Map<Finding, number>): ReactNode {
  const spans = findings
    .filter((f) => f.span?.field === path)
    .sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  if (spans.length === 0) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const f of spans) {
    const span = f.span;
    // Overlapping spans (two rules on one phrase): the first is marked, both stay in the list.
    if (!span || span.start < at || span.end > text.length) continue;
    if (span.start > at) parts.push(text.slice(at, span.start));
    const n = numbers.get(f);
    parts.push(
      <mark
        key={`${span.start}-${f.rule}`}
        id={n ? `finding-mark-${n}` : undefined}
        className={`mark-${f.severity}`}
      >
        {text.slice(span.start, span.end)}
        {n !== undefined && (
          <span className="mark-number">
            <span className="sr-only">(finding </span>
            {n}
            <span className="sr-only">)</span>
          </span>
        )}
      </mark>,
    );
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts;
}

export function HighlightedPreview({ document: doc, findings, numbers }: Props) {
  const m = (path: string, text: string) => marked(path, text, findings, numbers);
  const list = (name: 'responsibilities' | 'qualifications' | 'skills', heading: string) =>
    doc[name].length > 0 && (
      <>
        <h4>{heading}</h4>
        <ul>
          {doc[name].map((item, i) => (
            <li key={i}>{m(`${name}.${i}`, item)}</li>
          ))}
        </ul>
      </>
    );
  return (
    <div className="preview">
      <h3>{m('title', doc.title)}</h3>
      {doc.summary && <p className="preview-text">{m('summary', doc.summary)}</p>}
      {list('responsibilities', 'Responsibilities')}
      {list('qualifications', 'Qualifications')}
      {list('skills', 'Skills')}
      {doc.extraSections.map((s, i) => (
        <div key={i}>
          <h4>{m(`extraSections.${i}.heading`, s.heading)}</h4>
          {s.text !== undefined && <p className="preview-text">{m(`extraSections.${i}.text`, s.text)}</p>}
          {s.items && (
            <ul>
              {s.items.map((item, j) => (
                <li key={j}>{m(`extraSections.${i}.items.${j}`, item)}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
      {doc.faqs.length > 0 && <h4>Frequently asked questions</h4>}
      {doc.faqs.map((f, i) => (
        <div key={i}>
          <p>
            <strong>{m(`faqs.${i}.question`, f.question)}</strong>
          </p>
          <p className="preview-text">{m(`faqs.${i}.answer`, f.answer)}</p>
        </div>
      ))}
    </div>
  );
}
