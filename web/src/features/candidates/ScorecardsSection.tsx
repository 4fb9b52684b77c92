// Scorecards: the form to rate each criterion (the posting's qualifications) on the 4-point scale
// with an overall recommendation, and the summary of everyone's scorecards (withheld from hiring
// managers and interviewers until they submit their own, so nobody is anchored).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { useToast } from '../../ui/toast';
import { Button, Field, Loading, ProblemAlert, formatDateTime } from '../../ui/components';
import { keys, useCriteria, useScorecards } from './queries';
import { RATINGS, RECOMMENDATIONS, type Recommendation, recommendationLabel } from './words';

export function ScorecardsSection({ applicationId }: { applicationId: string }) {
  const canWrite = useCan('applications.collaborate');
  return (
    <div className="stack">
      {canWrite && <ScorecardForm applicationId={applicationId} />}
      <ScorecardSummary applicationId={applicationId} />
    </div>
  );
}

function RadioRow<T extends string | number>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly { value: T; label: string }[];
  value: T | undefined;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="radio-row">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={String(o.value)}>
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function ScorecardForm({ applicationId }: { applicationId: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const criteria = useCriteria(applicationId);
  const name = useId();
  const [interview, setInterview] = useState('Interview');
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [recommendation, setRecommendation] = useState<Recommendation | undefined>();
  const [notes, setNotes] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = useMutation({
    mutationFn: (rec: Recommendation) =>
      unwrap(
        api.POST('/api/v1/org/applications/{id}/scorecards', {
          params: { path: { id: applicationId } },
          body: {
            interview: interview.trim(),
            recommendation: rec,
            ratings: Object.entries(ratings).map(([criterion, rating]) => ({ criterion, rating })),
            ...(notes.trim() ? { notes: notes.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      toast.show('Scorecard submitted');
      setRatings({});
      setRecommendation(undefined);
      setNotes('');
      void client.invalidateQueries({ queryKey: keys.scorecards(applicationId) });
      void client.invalidateQueries({ queryKey: keys.timeline(applicationId) });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!recommendation || !interview.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    submit.mutate(recommendation);
  };

  return (
    <section className="card stack" aria-labelledby="scorecard-form-heading">
      <h2 id="scorecard-form-heading">Submit a scorecard</h2>
      {criteria.isPending ? (
        <Loading label="Loading the criteria…" />
      ) : criteria.isError ? (
        <ProblemAlert error={criteria.error} title="Could not load the criteria" />
      ) : (
        <form className="stack" onSubmit={onSubmit} noValidate>
          {submit.error && <ProblemAlert error={submit.error} title="Could not submit the scorecard" />}
          {missing && (
            <p className="alert alert-danger" role="alert">
              {interview.trim()
                ? 'Choose an overall recommendation.'
                : 'Name the interview this scorecard is for.'}
            </p>
          )}
          <Field label="Interview" hint="One scorecard per person and interview, e.g. “Technical interview”.">
            <input
              required
              maxLength={100}
              value={interview}
              onChange={(e) => setInterview(e.target.value)}
            />
          </Field>
          {criteria.data.items.length === 0 ? (
            <p className="muted">
              The posting lists no qualifications to rate; give an overall recommendation.
            </p>
          ) : (
            <div className="stack-sm">
              <p className="small muted">
                Rate each qualification: 1 strong no, 2 no, 3 yes, 4 strong yes. Leave out what you could not
                judge.
              </p>
              {criteria.data.items.map((c) => (
                <RadioRow
                  key={c.id}
                  legend={`${c.label}${c.preferred ? ' (preferred)' : ''}`}
                  name={`${name}-${c.id}`}
                  options={RATINGS}
                  value={ratings[c.id]}
                  onChange={(v) => setRatings((all) => ({ ...all, [c.id]: v }))}
                />
              ))}
            </div>
          )}
          <RadioRow
            legend="Overall recommendation"
            name={`${name}-recommendation`}
            options={RECOMMENDATIONS.map((r) => ({ value: r.id, label: r.label }))}
            value={recommendation}
            onChange={setRecommendation}
          />
          <Field
            label="Notes"
            hint="Evidence for your ratings; everyone who can see the application reads it."
          >
            <textarea maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
          </Field>
          <div>
            <Button type="submit" variant="primary" busy={submit.isPending}>
              Submit scorecard
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

function ScorecardSummary({ applicationId }: { applicationId: string }) {
  const cards = useScorecards(applicationId);
  return (
    <section className="card stack" aria-labelledby="scorecard-summary-heading">
      <h2 id="scorecard-summary-heading">Scorecard summary</h2>
      {cards.isPending ? (
        <Loading label="Loading scorecards…" />
      ) : cards.isError ? (
        <ProblemAlert error={cards.error} title="Could not load the scorecards" />
      ) : cards.data.hidden ? (
        <p className="alert alert-info">
          The team’s scorecards are hidden until you submit your own, so that your judgement is yours alone.
        </p>
      ) : cards.data.items.length === 0 || !cards.data.summary ? (
        <p className="muted">No scorecards yet.</p>
      ) : (
        <>
          <dl className="dl">
            <dt>Scorecards</dt>
            <dd>{cards.data.summary.count}</dd>
            <dt>Average rating</dt>
            <dd>
              {cards.data.summary.averageRating === null ? '—' : `${cards.data.summary.averageRating} of 4`}
            </dd>
            <dt>Recommendations</dt>
            <dd>
              {RECOMMENDATIONS.map(
                (r) => `${r.label}: ${cards.data.summary?.recommendations[r.id] ?? 0}`,
              ).join(' · ')}
            </dd>
          </dl>
          <ul className="list" aria-label="Scorecards">
            {cards.data.items.map((c) => (
              <li key={c.id} className="list-item stack-sm">
                <h3 className="small" style={{ margin: 0 }}>
                  {c.author.label} · {c.interview} · {recommendationLabel(c.recommendation)}
                </h3>
                <time className="small muted" dateTime={c.submittedAt}>
                  {formatDateTime(c.submittedAt)}
                </time>
                {c.ratings.length > 0 && (
                  <ul className="small">
                    {c.ratings.map((r) => (
                      <li key={r.criterion}>
                        {r.label}: {RATINGS.find((x) => x.value === r.rating)?.label ?? r.rating}
                      </li>
                    ))}
                  </ul>
                )}
                {c.notes && <p className="note-body">{c.notes}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
