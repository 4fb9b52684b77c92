// The settings tabs, their paths under /settings and the permission that lets a role use each.
import type { Permission } from '../../app/session';

export interface SettingsTab {
  path: string;
  label: string;
  needs: Permission;
}

export const SETTINGS_TABS: SettingsTab[] = [
  { path: '/settings', label: 'Organization', needs: 'org.read' },
  { path: '/settings/members', label: 'Members', needs: 'members.read' },
  { path: '/settings/tokens', label: 'API tokens', needs: 'tokens.manage' },
  { path: '/settings/webhooks', label: 'Webhooks', needs: 'webhooks.manage' },
  { path: '/settings/pipeline', label: 'Pipeline', needs: 'applications.read' },
  { path: '/settings/emails', label: 'Candidate emails', needs: 'applications.read' },
  { path: '/settings/privacy', label: 'Privacy', needs: 'org.read' },
  { path: '/settings/audit', label: 'Audit log', needs: 'audit.read' },
];
