// Query keys of the settings screens, in one place so mutations invalidate exactly what they change.
export const settingsKeys = {
  org: ['settings', 'org'] as const,
  members: ['settings', 'members'] as const,
  invitations: ['settings', 'invitations'] as const,
  tokens: ['settings', 'tokens'] as const,
  stages: ['settings', 'stages'] as const,
  emails: ['settings', 'emails'] as const,
  audit: ['settings', 'audit'] as const,
  webhooks: ['settings', 'webhooks'] as const,
};
