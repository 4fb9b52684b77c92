// API token scopes as people read them (src/modules/access/permissions.ts).
import type { Schemas } from '../../api/client';

export type Scope = Schemas['ApiToken']['scopes'][number];

export const SCOPE_OPTIONS: { value: Scope; label: string }[] = [
  { value: 'postings:read', label: 'Read postings' },
  { value: 'postings:write', label: 'Create, edit and publish postings (includes reading)' },
  { value: 'applications:read', label: 'Read applications and candidates' },
  { value: 'applications:write', label: 'Move applications, change stages and emails (includes reading)' },
  { value: 'templates:read', label: 'Read templates' },
  { value: 'templates:write', label: 'Write templates (includes reading)' },
  { value: 'org:admin', label: 'Organization administration: settings, members list, audit log' },
];
