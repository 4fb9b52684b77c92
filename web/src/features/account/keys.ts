// Query keys of the account area, so every mutation invalidates exactly what it changed.
export const SESSIONS_KEY = ['account', 'sessions'] as const;
