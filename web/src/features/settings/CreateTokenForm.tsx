// Creating an API token: a name, at least one scope, and an optional expiry (at most a year ahead).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiProblem, api, unwrap } from '../../api/client';
import { Button, Field } from '../../ui/components';
import { settingsKeys } from './keys';
import { SCOPE_OPTIONS, type Scope } from './scopes';
import type { CreatedToken } from './TokensSettings';
import { FormProblem, fieldProblem } from './FormProblem';

const isoDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [expires, setExpires] = useState('');
  const [scopeError, setScopeError] = useState<string | undefined>();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const inAYear = new Date();
  inAYear.setFullYear(inAYear.getFullYear() + 1);
  inAYear.setDate(inAYear.getDate() - 1);

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/api-tokens', {
          body: {
            name: name.trim(),
            scopes,
            // The end of the chosen day, in the person's own time zone.
            ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (token) => {
      onCreated({ name: token.name, token: token.token });
      void client.invalidateQueries({ queryKey: settingsKeys.tokens });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });

  const toggle = (scope: Scope, on: boolean) =>
    setScopes((all) => (on ? [...all, scope] : all.filter((s) => s !== scope)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (scopes.length === 0) {
      setScopeError('Choose at least one scope.');
      return;
    }
    setScopeError(undefined);
    create.mutate();
  };
  const problem = create.error instanceof ApiProblem ? create.error : undefined;
  const scopeMessage = scopeError ?? fieldProblem(create.error, 'scopes');

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">Create a token</h2>
      {create.error ? (
        <FormProblem
          error={create.error}
          title="Could not create the token"
          labels={{ name: 'Token name', scopes: 'Scopes', expiresAt: 'Expires on' }}
        />
      ) : null}
      <Field
        label="Token name"
        hint="What uses it, e.g. “HRIS sync”."
        error={fieldProblem(create.error, 'name')}
      >
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <fieldset className="field" aria-describedby={scopeMessage ? 'token-scope-error' : undefined}>
        <legend>Scopes</legend>
        {scopeMessage && (
          <span className="error" id="token-scope-error">
            {scopeMessage}
          </span>
        )}
        <div className="stack-sm">
          {SCOPE_OPTIONS.map((s) => (
            <label key={s.value} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s.value)}
                onChange={(e) => toggle(s.value, e.target.checked)}
              />
              <span>
                <code>{s.value}</code> — {s.label}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label="Expires on (optional)"
        hint="At most a year from now. Leave empty for a token that works until revoked."
        error={
          fieldProblem(create.error, 'expiresAt') ??
          (problem?.code === 'invalid_expiry' ? problem.detail : undefined)
        }
      >
        <input
          type="date"
          min={isoDate(tomorrow)}
          max={isoDate(inAYear)}
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
      </Field>
      <div>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create token
        </Button>
      </div>
    </form>
  );
}
