// Links and form actions from configuration or the database: http(s), mailto and relative URLs pass,
// anything else (javascript:, data:, vbscript:) becomes "#" so it cannot run script when followed.
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED = new Set(['http', 'https', 'mailto']);

export function safeHref(url: string): string {
  // Browsers ignore whitespace and control characters in a scheme ("java\tscript:").
  const compact = [...url].filter((c) => c > ' ' && c !== '\u007f').join('');
  const scheme = SCHEME.exec(compact)?.[1];
  return scheme === undefined || ALLOWED.has(scheme.toLowerCase()) ? url : '#';
}
