// The posting as the career page shows it: title, where, how, pay and the sections in order.
import { formatDate } from '../../ui/components';
import type { PostingContent } from './api';
import { EDUCATION_LEVELS, EMPLOYMENT_TYPES, WORKPLACE_TYPES, formatPlaces, formatSalary } from './labels';

function Items({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </>
  );
}

export function PostingPreview({ content: c }: { content: PostingContent }) {
  const salary = formatSalary(c.salary);
  return (
    <section className="card preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Career page preview</h2>
      <h3>{c.title}</h3>
      <dl className="facts">
        <dt>Location</dt>
        <dd>{formatPlaces(c)}</dd>
        <dt>Workplace</dt>
        <dd>{WORKPLACE_TYPES[c.workplaceType]}</dd>
        <dt>Employment type</dt>
        <dd>{c.employmentType ? EMPLOYMENT_TYPES[c.employmentType] : 'Not set'}</dd>
        <dt>Salary</dt>
        <dd>{salary ?? 'Not given'}</dd>
        {c.department && (
          <>
            <dt>Department</dt>
            <dd>{c.department}</dd>
          </>
        )}
        {c.validThrough && (
          <>
            <dt>Apply by</dt>
            <dd>{formatDate(c.validThrough)}</dd>
          </>
        )}
        {c.experienceMonths !== null && (
          <>
            <dt>Experience</dt>
            <dd>
              {c.experienceMonths >= 12 && c.experienceMonths % 12 === 0
                ? `${c.experienceMonths / 12} year${c.experienceMonths === 12 ? '' : 's'}`
                : `${c.experienceMonths} months`}
            </dd>
          </>
        )}
        {c.educationLevel && (
          <>
            <dt>Education</dt>
            <dd>{EDUCATION_LEVELS[c.educationLevel]}</dd>
          </>
        )}
      </dl>
      {c.summary && (
        <>
          <h4>About the role</h4>
          {c.summary.split(/\n{2,}/).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </>
      )}
      <Items title="Responsibilities" items={c.responsibilities} />
      <Items title="Qualifications" items={c.qualifications} />
      <Items title="Nice to have" items={c.preferredQualifications} />
      {(c.requiredSkills.length > 0 || c.preferredSkills.length > 0) && (
        <>
          <h4>Skills</h4>
          <p>{[...c.requiredSkills, ...c.preferredSkills.map((s) => `${s} (preferred)`)].join(' · ')}</p>
        </>
      )}
      {c.extraSections.map((s, i) =>
        s.items && s.items.length > 0 ? (
          <Items key={i} title={s.heading} items={s.items} />
        ) : (
          <div key={i}>
            <h4>{s.heading}</h4>
            <p>{s.text}</p>
          </div>
        ),
      )}
      {c.faqs.length > 0 && (
        <>
          <h4>Questions and answers</h4>
          <dl>
            {c.faqs.map((f, i) => (
              <div key={i}>
                <dt>
                  <strong>{f.question}</strong>
                </dt>
                <dd>{f.answer}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {c.questions.length > 0 && (
        <p className="small muted">
          {c.questions.length} screening question{c.questions.length === 1 ? '' : 's'} on the application
          form.
        </p>
      )}
    </section>
  );
}
