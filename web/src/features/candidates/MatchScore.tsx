// The advisory match score with what it is made of, so nobody has to trust a bare number.
import type { Application } from './queries';

type Match = NonNullable<Application['match']>;

function SkillList({ title, skills }: { title: string; skills: { id: string; name: string }[] }) {
  if (skills.length === 0) return null;
  return (
    <div>
      <h3 className="small">{title}</h3>
      <ul className="chips">
        {skills.map((s) => (
          <li key={s.id} className="chip">
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function MatchScore({ application }: { application: Application }) {
  const match: Match | null = application.match;
  if (application.parseStatus === 'pending') {
    return <p role="status">Reading the resume… the score appears when it is done.</p>;
  }
  if (!match) {
    return (
      <p className="muted">
        {application.parseStatus === 'failed'
          ? `No score: the resume could not be read${application.parseError ? ` (${application.parseError})` : ''}.`
          : 'No score: there is no resume to compare.'}
      </p>
    );
  }
  return (
    <div className="stack-sm">
      {match.score === null ? (
        <p>
          <strong>No match score</strong>: none of the skills could be compared.
        </p>
      ) : (
        <>
          <p>
            <strong>Match score {match.score}%</strong>
          </p>
          <meter className="score-meter" min={0} max={100} value={match.score} aria-label="Match score" />
        </>
      )}
      <p>{match.explanation}</p>
      <SkillList title="Required skills matched" skills={match.required.matched} />
      <SkillList title="Required skills missing" skills={match.required.missing} />
      <SkillList title="Preferred skills matched" skills={match.preferred.matched} />
      <SkillList title="Preferred skills missing" skills={match.preferred.missing} />
      <SkillList title="Other skills in the resume" skills={match.extra} />
      <p className="small muted">
        Advisory only: it sorts and explains, it never rejects anyone. People decide.
      </p>
    </div>
  );
}
