// An organization's slug is its career site's address: /careers/<slug>.

/** "Juniper Freight GmbH" → "juniper-freight-gmbh": the career site's address. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
