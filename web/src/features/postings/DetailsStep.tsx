// Wizard step "Details": where, how and for how much (locations, workplace, employment type,
// salary), until when, and the experience and education asked for.
import { useState } from 'react';
import { Field } from '../../ui/components';
import type { PostingContent, PostingPatch } from './api';
import type { StepProps } from './EditPosting';
import { fieldError } from './fieldErrors';
import { EDUCATION_LEVELS, EMPLOYMENT_TYPES, SALARY_PERIODS, WORKPLACE_TYPES, keysOf } from './labels';
import {
  type LocationDraft,
  LocationsEditor,
  isBlankLocation,
  locationDraftOf,
  locationOf,
} from './LocationsEditor';
import { StepForm } from './StepForm';
import { useSaveStep } from './useSaveStep';

type C = PostingContent;
type Period = NonNullable<C['salary']>['period'];

interface Draft {
  locations: LocationDraft[];
  workplaceType: C['workplaceType'];
  applicantCountries: string;
  employmentType: C['employmentType'];
  salaryMin: string;
  salaryMax: string;
  currency: string;
  period: Period;
  validThrough: string;
  experienceMonths: string;
  educationLevel: C['educationLevel'];
}

const draftOf = (c: C): Draft => ({
  locations: c.locations.map(locationDraftOf),
  workplaceType: c.workplaceType,
  applicantCountries: c.applicantLocationRequirements.join(', '),
  employmentType: c.employmentType,
  salaryMin: c.salary?.min?.toString() ?? '',
  salaryMax: c.salary?.max?.toString() ?? '',
  currency: c.salary?.currency ?? 'USD',
  period: c.salary?.period ?? 'YEAR',
  validThrough: c.validThrough?.slice(0, 10) ?? '',
  experienceMonths: c.experienceMonths?.toString() ?? '',
  educationLevel: c.educationLevel,
});

const num = (s: string) => (s.trim() === '' ? null : Number(s));

function patchOf(d: Draft): PostingPatch {
  const min = num(d.salaryMin);
  const max = num(d.salaryMax);
  return {
    locations: d.locations.filter((l) => !isBlankLocation(l)).map(locationOf),
    workplaceType: d.workplaceType,
    applicantLocationRequirements:
      d.workplaceType === 'remote'
        ? d.applicantCountries
            .split(/[\s,]+/)
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean)
        : [],
    employmentType: d.employmentType,
    // No figure at all means no salary; one figure is sent as it is ("from" or "up to").
    salary:
      min === null && max === null
        ? null
        : { min, max, currency: d.currency.trim().toUpperCase(), period: d.period },
    // The posting stays open through the whole chosen day (UTC).
    validThrough: d.validThrough ? `${d.validThrough}T23:59:59.000Z` : null,
    experienceMonths: num(d.experienceMonths),
    educationLevel: d.educationLevel,
  };
}

export function DetailsStep({ tagged, hrefOf, reload }: StepProps) {
  const { posting } = tagged;
  const [draft, setDraft] = useState(() => draftOf(posting.content));
  const save = useSaveStep(posting.id, posting.content);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const err = (field: string, nested = false) => fieldError(save.error, field, nested);
  const go = (step: string) => save.saveAndGo(patchOf(draft), hrefOf(step));
  return (
    <StepForm
      heading="Details"
      intro="Where the job is, how it is employed and what it pays. Many places require the pay range by law."
      error={save.error}
      saving={save.saving}
      onBack={() => go('content')}
      onContinue={() => go('questions')}
      onReload={reload}
    >
      <fieldset className="card stack">
        <legend>Location</legend>
        <fieldset className="field">
          <legend>Workplace type</legend>
          <div className="row">
            {keysOf(WORKPLACE_TYPES).map((w) => (
              <label key={w} className="check">
                <input
                  type="radio"
                  name="workplaceType"
                  value={w}
                  checked={draft.workplaceType === w}
                  onChange={() => set('workplaceType', w)}
                />
                {WORKPLACE_TYPES[w]}
              </label>
            ))}
          </div>
        </fieldset>
        {err('locations') && <p className="fieldset-error">{err('locations')}</p>}
        <LocationsEditor
          rows={draft.locations}
          onChange={(rows) => set('locations', rows)}
          errorAt={(i, field) => err(field ? `locations/${i}/${field}` : `locations/${i}`)}
        />
        {draft.workplaceType === 'remote' && (
          <Field
            label="Applicant countries"
            hint="Country codes applicants must live in, separated by commas (e.g. US, CA). Leave empty for anywhere."
            error={err('applicantLocationRequirements', true)}
          >
            <input
              value={draft.applicantCountries}
              onChange={(e) => set('applicantCountries', e.target.value)}
            />
          </Field>
        )}
      </fieldset>
      <div className="card stack">
        <h3>Employment</h3>
        <Field label="Employment type" error={err('employmentType')}>
          <select
            value={draft.employmentType ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              set('employmentType', v in EMPLOYMENT_TYPES ? (v as keyof typeof EMPLOYMENT_TYPES) : null);
            }}
          >
            <option value="">Not set</option>
            {keysOf(EMPLOYMENT_TYPES).map((t) => (
              <option key={t} value={t}>
                {EMPLOYMENT_TYPES[t]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Valid through"
          hint="Optional: the posting closes itself after this day."
          error={err('validThrough')}
        >
          <input
            type="date"
            value={draft.validThrough}
            onChange={(e) => set('validThrough', e.target.value)}
          />
        </Field>
      </div>
      <fieldset className="card stack">
        <legend>Salary</legend>
        <p className="muted small">
          A range with a minimum and a maximum. For a single figure, enter it as both. Leave both empty for no
          salary.
        </p>
        <div className="editor-row">
          <Field label="Minimum" error={err('salary/min') ?? err('salary')}>
            <input
              type="number"
              min={0}
              inputMode="decimal"
              value={draft.salaryMin}
              onChange={(e) => set('salaryMin', e.target.value)}
            />
          </Field>
          <Field label="Maximum" error={err('salary/max')}>
            <input
              type="number"
              min={0}
              inputMode="decimal"
              value={draft.salaryMax}
              onChange={(e) => set('salaryMax', e.target.value)}
            />
          </Field>
          <Field label="Currency" hint="3 letters, e.g. USD" error={err('salary/currency')}>
            <input
              maxLength={3}
              autoCapitalize="characters"
              value={draft.currency}
              onChange={(e) => set('currency', e.target.value.toUpperCase())}
            />
          </Field>
          <Field label="Pay period" error={err('salary/period')}>
            <select value={draft.period} onChange={(e) => set('period', e.target.value as Period)}>
              {keysOf(SALARY_PERIODS).map((p) => (
                <option key={p} value={p}>
                  {SALARY_PERIODS[p]}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>
      <div className="card stack">
        <h3>Requirements</h3>
        <div className="grid-2">
          <Field
            label="Experience required (months)"
            hint="e.g. 24 for two years."
            error={err('experienceMonths')}
          >
            <input
              type="number"
              min={0}
              max={600}
              step={1}
              value={draft.experienceMonths}
              onChange={(e) => set('experienceMonths', e.target.value)}
            />
          </Field>
          <Field label="Education required" error={err('educationLevel')}>
            <select
              value={draft.educationLevel ?? ''}
              onChange={(e) => {
                const v = e.target.value;
                set('educationLevel', v in EDUCATION_LEVELS ? (v as keyof typeof EDUCATION_LEVELS) : null);
              }}
            >
              <option value="">None</option>
              {keysOf(EDUCATION_LEVELS).map((l) => (
                <option key={l} value={l}>
                  {EDUCATION_LEVELS[l]}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </div>
    </StepForm>
  );
}
