// The organization being configured (GET /api/v1/org) and the PATCH that changes it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';
import type { paths } from '../../api/openapi';
import { ME_KEY } from '../../app/session';
import { settingsKeys } from './keys';

export type Organization = Schemas['Organization'];
export type OrgChanges = NonNullable<
  paths['/api/v1/org']['patch']['requestBody']
>['content']['application/json'];

export function useOrganization() {
  return useQuery({
    queryKey: settingsKeys.org,
    queryFn: () => unwrap(api.GET('/api/v1/org')),
  });
}

export function useUpdateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: OrgChanges) => unwrap(api.PATCH('/api/v1/org', { body: changes })),
    onSuccess: (org) => {
      client.setQueryData(settingsKeys.org, org);
      // The name shows in the navigation's organization switcher; the audit log gained an event.
      void client.invalidateQueries({ queryKey: ME_KEY });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });
}
