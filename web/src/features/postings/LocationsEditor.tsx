// Where the job is: one row per location (city, region, country code, postal code).
import { Button, Field } from '../../ui/components';
import type { Location } from './api';

export interface LocationDraft {
  city: string;
  region: string;
  countryCode: string;
  postalCode: string;
}

export const locationDraftOf = (l: Location): LocationDraft => ({
  city: l.city ?? '',
  region: l.region ?? '',
  countryCode: l.countryCode,
  postalCode: l.postalCode ?? '',
});

/** Optional parts are left out when blank (the API refuses empty strings). */
export function locationOf(d: LocationDraft): Location {
  const out: Location = { countryCode: d.countryCode.trim().toUpperCase() };
  if (d.city.trim()) out.city = d.city.trim();
  if (d.region.trim()) out.region = d.region.trim();
  if (d.postalCode.trim()) out.postalCode = d.postalCode.trim();
  return out;
}

export const isBlankLocation = (d: LocationDraft) =>
  !d.city.trim() && !d.region.trim() && !d.countryCode.trim() && !d.postalCode.trim();

export function LocationsEditor({
  rows,
  onChange,
  errorAt,
}: {
  rows: LocationDraft[];
  onChange: (rows: LocationDraft[]) => void;
  /** The server's message for a field of row i, e.g. errorAt(0, 'region'). */
  errorAt: (i: number, field?: keyof LocationDraft) => string | undefined;
}) {
  const update = (i: number, change: Partial<LocationDraft>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <div className="stack-sm">
      {rows.length === 0 && <p className="muted small">No location yet. Remote jobs may have none.</p>}
      {rows.map((r, i) => {
        const n = i + 1;
        const rowError = errorAt(i);
        return (
          <fieldset key={i} className="list-item stack-sm">
            <legend className="label">Location {n}</legend>
            {rowError && <p className="fieldset-error">{rowError}</p>}
            <div className="editor-row">
              <Field label="City" error={errorAt(i, 'city')}>
                <input maxLength={100} value={r.city} onChange={(e) => update(i, { city: e.target.value })} />
              </Field>
              <Field label="Region or state" hint="e.g. NY" error={errorAt(i, 'region')}>
                <input
                  maxLength={100}
                  value={r.region}
                  onChange={(e) => update(i, { region: e.target.value })}
                />
              </Field>
              <Field label="Country code" hint="2 letters, e.g. US" error={errorAt(i, 'countryCode')}>
                <input
                  maxLength={2}
                  autoCapitalize="characters"
                  value={r.countryCode}
                  onChange={(e) => update(i, { countryCode: e.target.value.toUpperCase() })}
                />
              </Field>
              <Field label="Postal code" error={errorAt(i, 'postalCode')}>
                <input
                  maxLength={20}
                  value={r.postalCode}
                  onChange={(e) => update(i, { postalCode: e.target.value })}
                />
              </Field>
            </div>
            <div>
              <Button small onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                Remove location {n}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <div>
        <Button
          small
          onClick={() => onChange([...rows, { city: '', region: '', countryCode: '', postalCode: '' }])}
        >
          Add a location
        </Button>
      </div>
    </div>
  );
}
