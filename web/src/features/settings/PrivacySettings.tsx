// /settings/privacy: how long candidate data is kept (PATCH /api/v1/org retentionMonths), and what
// the daily retention run does when that time has passed (src/modules/candidates/retention.ts).
import { type FormEvent, useState } from 'react';

import { useCan } from '../../app/session';
import { Button, Field, Loading, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { type Organization, useOrganization, useUpdateOrganization } from './useOrganization';
import { FormProblem, fieldProblem } from './FormProblem';

export function PrivacySettings() {
  const canRead = useCan('org.read');
  const org = useOrganization();
  return (
    <SettingsLayout
      title="Privacy"
      description="How long you keep candidates' data, as data-protection law expects."
    >
      {!canRead ? (
        <NotAllowed what="the privacy settings" />
      ) : org.isPending ? (
        <Loading />
      ) : org.error ? (
        <ProblemAlert error={org.error} title="Could not load the organization" />
      ) : (
        <RetentionForm org={org.data} />
      )}
    </SettingsLayout>
  );
}

function RetentionForm({ org }: { org: Organization }) {
  const canEdit = useCan('org.update');
  const toast = useToast();
  const update = useUpdateOrganization();
  const [months, setMonths] = useState(String(org.retentionMonths));
  const value = Number(months);
  const valid = Number.isInteger(value) && value >= 1 && value <= 120;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid)
      update.mutate({ retentionMonths: value }, { onSuccess: () => toast.show('Retention period saved') });
  };
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="retention-explained">
        <h2 id="retention-explained">What happens when the period passes</h2>
        <ol className="stack-sm">
          <li>
            The period starts again with each activity on a candidate (a new application, a move, a note) and
            when the candidate renews their consent.
          </li>
          <li>
            <strong>30 days before it ends</strong>, the candidate is emailed a request to renew their consent
            (the “Consent renewal” candidate email), with a link to their status page.
          </li>
          <li>
            <strong>When it ends</strong> without renewal, a daily job anonymizes the candidate: name, email,
            phone, answers, resume text, uploaded files and notes are removed for good, and scorecard notes
            are emptied.
          </li>
          <li>
            Stage, status, ratings and dates are kept, so your reports still count the application, without
            saying who it was.
          </li>
        </ol>
      </section>
      <form className="card stack" onSubmit={submit} noValidate aria-labelledby="retention-heading">
        <h2 id="retention-heading">Retention period</h2>
        {update.error ? (
          <FormProblem
            error={update.error}
            title="Could not save the retention period"
            labels={{ retentionMonths: 'Keep candidate data for (months)' }}
          />
        ) : null}
        <Field
          label="Keep candidate data for (months)"
          hint="1 to 120 months after the candidate's last activity. 24 months is common in the EU; check your legal advice."
          error={
            (fieldProblem(update.error, 'retentionMonths')
              ? 'Enter a whole number from 1 to 120.'
              : undefined) ?? (months !== '' && !valid ? 'Enter a whole number from 1 to 120.' : undefined)
          }
        >
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={120}
            step={1}
            required
            readOnly={!canEdit}
            value={months}
            onChange={(e) => setMonths(e.target.value)}
          />
        </Field>
        {canEdit ? (
          <div>
            <Button type="submit" variant="primary" busy={update.isPending} disabled={!valid}>
              Save retention period
            </Button>
          </div>
        ) : (
          <p className="small muted">Only owners and admins can change it.</p>
        )}
      </form>
    </div>
  );
}
