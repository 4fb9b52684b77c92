// The template shapes, taken from the generated API paths (the schemas are inline there, not named).
import { CATEGORIES, SENIORITIES } from '../../../../src/modules/templates/types.ts';
import type { paths } from '../../api/openapi';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type TemplatePage = Json<paths['/api/v1/org/templates']['get']['responses'][200]>;
export type TemplateSummary = TemplatePage['data'][number];
export type Template = Json<paths['/api/v1/org/templates']['post']['responses'][201]>;
export type TemplateVersion = Json<
  paths['/api/v1/org/templates/{slug}/versions/{version}']['get']['responses'][200]
>;
export type VersionPage = Json<paths['/api/v1/org/templates/{slug}/versions']['get']['responses'][200]>;
export type Analysis = Json<paths['/api/v1/analyze']['post']['responses'][200]>;
export type Finding = Analysis['findings'][number];
export type AnalysisDocument = NonNullable<
  NonNullable<paths['/api/v1/analyze']['post']['requestBody']>['content']['application/json']['document']
>;
export type TemplateCreate = NonNullable<
  paths['/api/v1/org/templates']['post']['requestBody']
>['content']['application/json'];
export type TemplatePatch = NonNullable<
  paths['/api/v1/org/templates/{slug}']['patch']['requestBody']
>['content']['application/json'];
export type Category = Template['category'];
export type Seniority = Template['seniority'];
export type Faq = Template['faqs'][number];
export type ExtraSection = Template['extraSections'][number];

/** `global` or `org` in the app's URLs; the API says `global` or `organization`. */
export type LibraryParam = 'global' | 'org';
export const apiLibrary = (library: LibraryParam) => (library === 'global' ? 'global' : 'organization');
export const libraryParamOf = (library: 'global' | 'organization'): LibraryParam =>
  library === 'global' ? 'global' : 'org';
export const isLibraryParam = (value: string | undefined): value is LibraryParam =>
  value === 'global' || value === 'org';

// The server's own lists (a module without imports), so a new category shows up here unchanged.
export { CATEGORIES, SENIORITIES };

export const isCategory = (v: string | null): v is Category =>
  (CATEGORIES as readonly string[]).includes(v ?? '');
export const isSeniority = (v: string | null): v is Seniority =>
  (SENIORITIES as readonly string[]).includes(v ?? '');

/** "customer-support" → "Customer support". */
export const humanize = (value: string) => {
  const spaced = value.replace(/[-_]/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

/** The content of a template or of one of its versions, in one shape (skills as their labels). */
export interface TemplateDoc {
  role: string;
  title: string;
  summary: string;
  category: Category;
  seniority: Seniority;
  responsibilities: string[];
  qualifications: string[];
  skills: string[];
  faqs: Faq[];
  extraSections: ExtraSection[];
  metadata: Record<string, string>;
}

export const docOfTemplate = (t: Template): TemplateDoc => ({
  role: t.role,
  title: t.title,
  summary: t.summary,
  category: t.category,
  seniority: t.seniority,
  responsibilities: t.responsibilities,
  qualifications: t.qualifications,
  skills: t.skills.map((s) => s.label),
  faqs: t.faqs,
  extraSections: t.extraSections,
  metadata: t.metadata,
});

export const docOfVersion = (v: TemplateVersion): TemplateDoc => ({ ...v.content });
