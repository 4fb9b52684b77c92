// A template's content as its public page shows it: summary, the lists, skills, other sections
// and the FAQ. Used for the current template and for old versions.
import type { TemplateDoc } from './types';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card stack-sm" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Items({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

export function TemplateContent({ doc, idPrefix = 'tpl' }: { doc: TemplateDoc; idPrefix?: string }) {
  const metadata = Object.entries(doc.metadata);
  return (
    <div className="stack">
      <Section id={`${idPrefix}-summary`} title="Summary">
        {doc.summary ? (
          doc.summary.split(/\n{2,}/).map((p) => <p key={p}>{p}</p>)
        ) : (
          <p className="muted">No summary yet.</p>
        )}
      </Section>
      <Section id={`${idPrefix}-responsibilities`} title="Responsibilities">
        <Items items={doc.responsibilities} empty="No responsibilities yet." />
      </Section>
      <Section id={`${idPrefix}-qualifications`} title="Qualifications">
        <Items items={doc.qualifications} empty="No qualifications yet." />
      </Section>
      <Section id={`${idPrefix}-skills`} title="Skills">
        {doc.skills.length > 0 ? (
          <ul className="template-skills">
            {doc.skills.map((s) => (
              <li key={s} className="badge">
                {s}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No skills yet.</p>
        )}
      </Section>
      {doc.extraSections.map((section, i) => (
        <Section key={i} id={`${idPrefix}-extra-${i}`} title={section.heading}>
          {section.text?.split(/\n{2,}/).map((p) => (
            <p key={p}>{p}</p>
          ))}
          {section.items && <Items items={section.items} empty="" />}
        </Section>
      ))}
      <Section id={`${idPrefix}-faq`} title="Frequently asked questions">
        {doc.faqs.length > 0 ? (
          <div className="stack-sm">
            {doc.faqs.map((faq, i) => (
              <div key={i}>
                <h3>{faq.question}</h3>
                {faq.answer.split(/\n{2,}/).map((p) => (
                  <p key={p}>{p}</p>
                ))}
              </div>
            ))}
          </div>
        ) : (
          <p className="muted">No questions yet.</p>
        )}
      </Section>
      {metadata.length > 0 && (
        <Section id={`${idPrefix}-metadata`} title="Details">
          <dl className="template-facts">
            {metadata.map(([key, value]) => (
              <div key={key} className="template-fact">
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
    </div>
  );
}
