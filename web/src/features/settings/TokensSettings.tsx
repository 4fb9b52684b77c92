// /settings/tokens: API tokens for integrations. The secret exists only in the create answer, so
// it is shown once, kept in memory only, and gone when the person leaves the screen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Button, EmptyState, Loading, ProblemAlert, formatDate, formatDateTime } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { CreateTokenForm } from './CreateTokenForm';
import { settingsKeys } from './keys';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { TokenSecret } from './TokenSecret';
import { usePaged } from './usePaged';

type ApiToken = Schemas['ApiToken'];
export interface CreatedToken {
  name: string;
  token: string;
}

export function TokensSettings() {
  const canManage = useCan('tokens.manage');
  return (
    <SettingsLayout
      title="API tokens"
      description="Tokens let your other systems use the Rolecraft API. Give each integration its own, with only the scopes it needs."
    >
      {canManage ? <Tokens /> : <NotAllowed what="API tokens" />}
    </SettingsLayout>
  );
}

function Tokens() {
  const toast = useToast();
  const client = useQueryClient();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = usePaged<ApiToken>(settingsKeys.tokens, (cursor) =>
    unwrap(
      api.GET('/api/v1/org/api-tokens', {
        params: { query: { limit: 100, includeRevoked: false, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  const revoke = useMutation({
    mutationFn: (token: ApiToken) =>
      unwrap(api.DELETE('/api/v1/org/api-tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: (_data, token) => {
      setRevoking(null);
      toast.show(`Token “${token.name}” revoked`);
      void client.invalidateQueries({ queryKey: settingsKeys.tokens });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });

  return (
    <div className="stack">
      {created ? (
        <TokenSecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm onCreated={setCreated} />
      )}
      <section className="stack" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Active tokens</h2>
        {tokens.isPending ? (
          <Loading label="Loading tokens…" />
        ) : tokens.error ? (
          <ProblemAlert error={tokens.error} title="Could not load the tokens" />
        ) : tokens.items.length === 0 ? (
          <EmptyState title="No API tokens">
            <p>Create one above when an integration needs to call the API.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Active API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.items.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      {t.name}
                      <div className="small muted">
                        <code>{t.prefix}…</code>
                      </div>
                    </th>
                    <td>
                      <ul className="scope-list">
                        {t.scopes.map((s) => (
                          <li key={s}>
                            <code>{s}</code>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{formatDate(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                    <td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
                    <td>
                      <Button
                        small
                        variant="danger"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(t);
                        }}
                      >
                        Revoke
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {tokens.hasNextPage && (
          <div>
            <Button busy={tokens.isFetchingNextPage} onClick={() => void tokens.fetchNextPage()}>
              Load more tokens
            </Button>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? 'token'}”?`}
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      >
        <p>Anything using this token stops working on its next request. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
