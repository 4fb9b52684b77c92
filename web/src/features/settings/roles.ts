// Roles as people read them, with what each may do (docs/security.md), for selects and hints.
import type { Schemas } from '../../api/client';

export type Role = Schemas['Member']['role'];

export const ROLE_OPTIONS: { value: Role; label: string; summary: string }[] = [
  { value: 'owner', label: 'Owner', summary: 'everything, including granting ownership' },
  { value: 'admin', label: 'Admin', summary: 'everything but granting ownership' },
  { value: 'recruiter', label: 'Recruiter', summary: 'postings, candidates, pipeline and templates' },
  {
    value: 'hiring_manager',
    label: 'Hiring manager',
    summary: 'reads postings, moves and reviews candidates',
  },
  { value: 'interviewer', label: 'Interviewer', summary: 'the candidates assigned to them' },
  { value: 'viewer', label: 'Viewer', summary: 'reads, without files or contact details' },
];

export const roleLabel = (role: string) => ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role;
