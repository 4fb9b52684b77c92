// /settings: the organization's profile and its career site's branding (PATCH /api/v1/org).
import { type FormEvent, useState } from 'react';
import { useCan, useSession } from '../../app/session';
import { Button, Field, Loading, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { BrandColorField } from './BrandColorField';
import { FormProblem, fieldProblem } from './FormProblem';
import { LogoPreview } from './LogoPreview';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { type Organization, useOrganization, useUpdateOrganization } from './useOrganization';

export function OrganizationSettings() {
  const org = useOrganization();
  const canRead = useCan('org.read');
  return (
    <SettingsLayout
      title="Organization"
      description="Your organization's profile and how your career site looks."
    >
      {!canRead ? (
        <NotAllowed what="the organization settings" />
      ) : org.isPending ? (
        <Loading />
      ) : org.error ? (
        <ProblemAlert error={org.error} title="Could not load the organization" />
      ) : (
        <OrganizationForm org={org.data} />
      )}
    </SettingsLayout>
  );
}

const FIELD_HELP = {
  name: 'Enter a name of 1 to 200 characters.',
  website: 'Enter a full address starting with https:// or http://.',
  employeeCount: 'Enter a whole number, or leave it empty.',
  logoUrl: 'Enter a full address starting with https:// or http://.',
  brandColor: 'Write the colour as # and six hex digits, e.g. #0f766e.',
  careersIntro: 'Keep it to 2,000 characters.',
  privacyUrl: 'Enter a full address starting with https://.',
  consentText: 'Write up to 1,000 characters, or leave it empty for the standard sentence.',
};
const FIELD_LABELS: Record<keyof typeof FIELD_HELP, string> = {
  name: 'Organization name',
  website: 'Website',
  employeeCount: 'Employee count',
  logoUrl: 'Logo URL',
  brandColor: 'Brand colour',
  careersIntro: 'Careers introduction',
  privacyUrl: 'Privacy policy URL',
  consentText: 'Consent text',
};

/** Empty text means "none": nullable fields are cleared with null. */
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function OrganizationForm({ org }: { org: Organization }) {
  const me = useSession();
  const canEdit = useCan('org.update');
  const toast = useToast();
  const update = useUpdateOrganization();
  const [name, setName] = useState(org.name);
  const [website, setWebsite] = useState(org.website ?? '');
  const [logoUrl, setLogoUrl] = useState(org.logoUrl ?? '');
  const [brandColor, setBrandColor] = useState(org.brandColor ?? '');
  const [careersIntro, setCareersIntro] = useState(org.careersIntro);
  const [employeeCount, setEmployeeCount] = useState(org.employeeCount?.toString() ?? '');
  const [privacyUrl, setPrivacyUrl] = useState(org.privacyUrl ?? '');
  const [consentText, setConsentText] = useState(org.consentText ?? '');
  const [requireMfa, setRequireMfa] = useState(org.requireMfa);
  // The API's rule messages ("must match pattern …") are for developers: each field says it plainly.
  const err = (field: keyof typeof FIELD_HELP) =>
    fieldProblem(update.error, field) ? FIELD_HELP[field] : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const count = employeeCount.trim() === '' ? null : Number(employeeCount);
    update.mutate(
      {
        name: name.trim(),
        website: orNull(website),
        logoUrl: orNull(logoUrl),
        brandColor: orNull(brandColor)?.toLowerCase() ?? null,
        careersIntro,
        employeeCount: count,
        privacyUrl: orNull(privacyUrl),
        consentText: orNull(consentText),
        // Only sent when it changes: API tokens may not touch it, and turning it on has its own rule.
        ...(requireMfa !== org.requireMfa ? { requireMfa } : {}),
      },
      { onSuccess: () => toast.show('Organization settings saved') },
    );
  };

  const careersPath = `/careers/${org.slug}`;
  return (
    <form className="stack" onSubmit={submit} noValidate>
      {!canEdit && (
        <div className="alert alert-info">
          <p>Only owners and admins can change these settings; you can read them.</p>
        </div>
      )}
      <FormProblem error={update.error} title="Could not save the settings" labels={FIELD_LABELS} />
      <fieldset className="card stack" disabled={!canEdit}>
        <legend className="card-legend">Profile</legend>
        <Field label="Organization name" error={err('name')}>
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Website" hint="Starts with https:// or http://." error={err('website')}>
          <input
            type="url"
            inputMode="url"
            maxLength={500}
            value={website}
            placeholder="https://example.com"
            onChange={(e) => setWebsite(e.target.value)}
          />
        </Field>
        <Field
          label="Employee count"
          hint="How many people you employ. Pay-transparency laws (e.g. in Colorado, New York or the EU) apply from certain sizes, so Rolecraft uses it to decide whether a posting must show a salary range."
          error={err('employeeCount')}
        >
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={10_000_000}
            step={1}
            value={employeeCount}
            onChange={(e) => setEmployeeCount(e.target.value)}
          />
        </Field>
        <div className="check">
          <input
            id="require-mfa"
            type="checkbox"
            checked={requireMfa}
            aria-describedby="require-mfa-hint"
            onChange={(e) => setRequireMfa(e.target.checked)}
          />
          <div>
            <label htmlFor="require-mfa">Require two-factor authentication for all members</label>
            <p id="require-mfa-hint" className="small muted">
              Members without it on cannot act in the organization until they turn it on.
              {!me.mfaEnabled && ' Turn it on for your own account first (Account settings).'}
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset className="card stack" disabled={!canEdit}>
        <legend className="card-legend">Career site</legend>
        <p className="small">
          Your public jobs page:{' '}
          <a href={careersPath} target="_blank" rel="noopener">
            {careersPath}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        </p>
        <Field
          label="Logo URL"
          hint="An https:// address of your logo image (PNG, SVG or JPEG)."
          error={err('logoUrl')}
        >
          <input
            type="url"
            inputMode="url"
            maxLength={500}
            value={logoUrl}
            placeholder="https://example.com/logo.png"
            onChange={(e) => setLogoUrl(e.target.value)}
          />
        </Field>
        <LogoPreview url={logoUrl} name={name.trim() || org.name} />
        <BrandColorField value={brandColor} onChange={setBrandColor} error={err('brandColor')} />
        <Field
          label="Careers introduction"
          hint="Shown at the top of your career site. Up to 2,000 characters."
          error={err('careersIntro')}
        >
          <textarea
            maxLength={2000}
            rows={4}
            value={careersIntro}
            onChange={(e) => setCareersIntro(e.target.value)}
          />
        </Field>
        <Field
          label="Privacy policy URL"
          hint="Linked from every application form; https:// only. Empty: the career site's own privacy page."
          error={err('privacyUrl')}
        >
          <input
            type="url"
            inputMode="url"
            maxLength={500}
            value={privacyUrl}
            placeholder="https://example.com/privacy"
            onChange={(e) => setPrivacyUrl(e.target.value)}
          />
        </Field>
        <Field
          label="Consent text"
          hint="What applicants agree to with the consent checkbox. Empty: a standard sentence naming your organization."
          error={err('consentText')}
        >
          <textarea
            maxLength={1000}
            rows={3}
            value={consentText}
            onChange={(e) => setConsentText(e.target.value)}
          />
        </Field>
      </fieldset>
      {canEdit && (
        <div>
          <Button type="submit" variant="primary" busy={update.isPending}>
            Save
          </Button>
        </div>
      )}
    </form>
  );
}
