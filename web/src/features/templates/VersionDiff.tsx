// The differences between two versions, section by section: words for prose (diffWords), lines
// for the lists (diffLines). Additions and removals are <ins>/<del> with a visible + or − and
// spoken "added"/"removed", so the diff never relies on colour.
import { type ChangeObject, diffLines, diffWords } from 'diff';
import { humanize, type TemplateDoc } from './types';

type Changes = ChangeObject<string>[];

const faqText = (doc: TemplateDoc) => doc.faqs.map((f) => `Q: ${f.question}\nA: ${f.answer}`).join('\n\n');
const sectionsText = (doc: TemplateDoc) =>
  doc.extraSections
    .map((s) => [`## ${s.heading}`, ...(s.items ? s.items.map((i) => `- ${i}`) : [s.text ?? ''])].join('\n'))
    .join('\n\n');
const lines = (items: string[]) => (items.length > 0 ? `${items.join('\n')}\n` : '');

interface SectionDiff {
  name: string;
  kind: 'words' | 'lines';
  changes: Changes;
}

export function diffDocs(from: TemplateDoc, to: TemplateDoc): SectionDiff[] {
  const sections: SectionDiff[] = [
    { name: 'Role', kind: 'words', changes: diffWords(from.role, to.role) },
    { name: 'Title', kind: 'words', changes: diffWords(from.title, to.title) },
    {
      name: 'Category and seniority',
      kind: 'words',
      changes: diffWords(
        `${humanize(from.category)}, ${humanize(from.seniority)}`,
        `${humanize(to.category)}, ${humanize(to.seniority)}`,
      ),
    },
    { name: 'Summary', kind: 'words', changes: diffWords(from.summary, to.summary) },
    {
      name: 'Responsibilities',
      kind: 'lines',
      changes: diffLines(lines(from.responsibilities), lines(to.responsibilities)),
    },
    {
      name: 'Qualifications',
      kind: 'lines',
      changes: diffLines(lines(from.qualifications), lines(to.qualifications)),
    },
    { name: 'Skills', kind: 'lines', changes: diffLines(lines(from.skills), lines(to.skills)) },
    { name: 'Other sections', kind: 'words', changes: diffWords(sectionsText(from), sectionsText(to)) },
    { name: 'Frequently asked questions', kind: 'words', changes: diffWords(faqText(from), faqText(to)) },
  ];
  return sections.filter((s) => s.changes.some((c) => c.added || c.removed));
}

function Added({ children }: { children: string }) {
  return (
    <ins>
      <span className="diff-sign" aria-hidden="true">
        +
      </span>
      <span className="sr-only">Added: </span>
      {children}
    </ins>
  );
}

function Removed({ children }: { children: string }) {
  return (
    <del>
      <span className="diff-sign" aria-hidden="true">
        −
      </span>
      <span className="sr-only">Removed: </span>
      {children}
    </del>
  );
}

function WordDiff({ changes }: { changes: Changes }) {
  return (
    <p className="diff-words">
      {changes.map((c, i) => {
        if (c.added) return <Added key={i}>{c.value}</Added>;
        if (c.removed) return <Removed key={i}>{c.value}</Removed>;
        return <span key={i}>{c.value}</span>;
      })}
    </p>
  );
}

function LineDiff({ changes }: { changes: Changes }) {
  const rows = changes.flatMap((c) =>
    c.value
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => ({ line, kind: c.added ? 'added' : c.removed ? 'removed' : 'same' })),
  );
  return (
    <ul className="diff-lines">
      {rows.map((row, i) => (
        <li key={i} className={`diff-line diff-${row.kind}`}>
          {row.kind === 'added' ? (
            <Added>{row.line}</Added>
          ) : row.kind === 'removed' ? (
            <Removed>{row.line}</Removed>
          ) : (
            <span>
              <span className="diff-sign" aria-hidden="true">
                {' '}
              </span>
              {row.line}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function VersionDiff({ from, to }: { from: TemplateDoc; to: TemplateDoc }) {
  const sections = diffDocs(from, to);
  if (sections.length === 0) return <p>These versions have the same content.</p>;
  return (
    <div className="stack">
      {sections.map((s) => {
        const added = s.changes.filter((c) => c.added).length;
        const removed = s.changes.filter((c) => c.removed).length;
        return (
          <section key={s.name} className="diff-section stack-sm" aria-label={`Changes in ${s.name}`}>
            <h3>
              {s.name}{' '}
              <span className="muted small">
                ({added} added, {removed} removed)
              </span>
            </h3>
            {s.kind === 'words' ? <WordDiff changes={s.changes} /> : <LineDiff changes={s.changes} />}
          </section>
        );
      })}
    </div>
  );
}
