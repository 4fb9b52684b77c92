// The public side of postings as data: job-board pages, one job with its application form, and
// the facets of a career site. Pure assembly over careers/repo.ts; routes render or serialise it.
import type { Db } from '../../db/client.ts';
import { decodeCursor, encodeCursor, hasKeys, isTimestampText, isUuid } from '../../http/pagination.ts';
import { notFound } from '../../shared/errors.ts';
import { referenceNumber } from '../postings/service.ts';
import type { Employer, PublicPosting } from '../postings/types.ts';
import { descriptionHtml, locationLabel } from './description.ts';
import { careerPageUrl, jobUrl } from './job-posting-ld.ts';
import * as repo from './repo.ts';
import type { BoardFilter, BoardRow, EmployerRow } from './repo.ts';
import type { BoardIndexes } from './board-index/registry.ts';
import type { PublicCache } from './cache.ts';
import type { BoardJob, BoardJobDetail, BoardPage } from './schemas.ts';
import { type SearchResult, searchBoard } from './search.ts';

export const MAX_SEARCH_OFFSET = 1000;
const RESUME_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];
export const MAX_RESUME_BYTES = 10 * 1024 * 1024;

export function toEmployer(row: EmployerRow): Employer {
  return {
    slug: row.slug,
    name: row.name,
    website: row.website,
    logoUrl: row.logoUrl,
    brandColor: row.brandColor,
  };
}

export function toPublic(row: BoardRow, orgSlug: string): PublicPosting {
  return {
    id: row.id,
    slug: row.slug,
    referenceNumber: referenceNumber(orgSlug, row.number),
    status: row.status,
    content: row.content,
    datePosted: new Date(row.firstPublishedAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function employerBySlug(db: Db, slug: string, cache?: PublicCache): Promise<EmployerRow> {
  const load = () => repo.findEmployer(db, slug);
  const valid = /^[a-z0-9][a-z0-9-]{1,62}$/.test(slug);
  const row = valid ? await (cache ? cache.employer(slug, load) : load()) : undefined;
  if (!row) throw notFound('The career site');
  return row;
}

/** Filters from query parameters; empty strings (a form's "any") mean no filter. */
export function boardFilter(query: {
  q?: string | undefined;
  location?: string | undefined;
  department?: string | undefined;
  employmentType?: string | undefined;
  workplaceType?: string | undefined;
  pay?: string | undefined;
}): BoardFilter {
  const pay = query.pay?.match(/^([A-Z]{3}) (\d{1,9})$/);
  return {
    q: query.q?.trim() || undefined,
    location: query.location || undefined,
    department: query.department || undefined,
    employmentType: query.employmentType || undefined,
    workplaceType: query.workplaceType || undefined,
    pay: pay ? { currency: pay[1]!, min: Number(pay[2]) } : undefined,
  };
}

export function boardJob(
  p: PublicPosting,
  employer: Employer,
  baseUrl: string,
  withContent: boolean,
): BoardJob {
  const c = p.content;
  const url = jobUrl(baseUrl, employer, p);
  return {
    id: p.id,
    referenceNumber: p.referenceNumber,
    title: c.title,
    url,
    applyUrl: `${url}#apply`,
    department: c.department,
    locations: c.locations,
    locationNames: [...c.locations.map(locationLabel), ...(c.workplaceType === 'remote' ? ['Remote'] : [])],
    workplaceType: c.workplaceType,
    applicantLocationRequirements: c.applicantLocationRequirements,
    employmentType: c.employmentType,
    salary: c.salary,
    datePosted: p.datePosted,
    updatedAt: p.updatedAt,
    validThrough: c.validThrough,
    ...(withContent ? { content: descriptionHtml(c).value } : {}),
  };
}

/** The application form: standard fields every application has, then the posting's questions. */
export function applicationForm(p: PublicPosting): BoardJobDetail['applicationForm'] {
  return {
    fields: [
      { id: 'name', type: 'short_text', label: 'Full name', required: true },
      { id: 'email', type: 'email', label: 'Email', required: true },
      { id: 'phone', type: 'phone', label: 'Phone', required: false },
      {
        id: 'resume',
        type: 'file',
        label: 'Resume',
        required: true,
        accept: RESUME_TYPES,
        maxBytes: MAX_RESUME_BYTES,
      },
      {
        id: 'coverLetter',
        type: 'file',
        label: 'Cover letter',
        required: false,
        accept: RESUME_TYPES,
        maxBytes: MAX_RESUME_BYTES,
      },
    ],
    // Everything a candidate needs to answer, and not which answer flags an application.
    questions: p.content.questions.map(({ knockoutAnswer: _k, ...q }) => ({
      ...q,
      ...(q.type === 'file' ? { accept: RESUME_TYPES, maxBytes: MAX_RESUME_BYTES } : {}),
    })),
  };
}

export function jobDetail(p: PublicPosting, employer: Employer, baseUrl: string): BoardJobDetail {
  const c = p.content;
  return {
    ...boardJob(p, employer, baseUrl, true),
    content: descriptionHtml(c).value,
    sections: {
      summary: c.summary,
      responsibilities: c.responsibilities,
      qualifications: c.qualifications,
      preferredQualifications: c.preferredQualifications,
      extraSections: c.extraSections,
      faqs: c.faqs,
      requiredSkills: c.requiredSkills,
      preferredSkills: c.preferredSkills,
      experienceMonths: c.experienceMonths,
      educationLevel: c.educationLevel,
    },
    applicationForm: applicationForm(p),
  };
}

type Cursor = { p: string; id: string } | { o: number };
const isCursor = (v: Record<string, unknown>): v is Cursor =>
  (hasKeys(v, ['p', 'id']) && isTimestampText(v.p) && isUuid(v.id)) ||
  (hasKeys(v, ['o']) &&
    Number.isInteger(v.o) &&
    (v.o as number) >= 0 &&
    (v.o as number) <= MAX_SEARCH_OFFSET);

export interface BoardRequest {
  filter: BoardFilter;
  limit: number;
  cursor?: string | undefined;
  withContent: boolean;
  withFacets: boolean;
  indexes?: BoardIndexes | undefined;
}

export async function boardPage(
  db: Db,
  org: EmployerRow,
  baseUrl: string,
  req: BoardRequest,
): Promise<{ body: BoardPage; answeredBy: SearchResult['answeredBy'] }> {
  const cursor = decodeCursor(req.cursor, isCursor);
  const offset = cursor && 'o' in cursor ? cursor.o : 0;
  const after = cursor && 'p' in cursor ? { publishedAt: cursor.p, id: cursor.id } : undefined;
  const { rows, total, facets, answeredBy } = await searchBoard(
    db,
    org.id,
    req.filter,
    { limit: req.limit, after, offset },
    req.withFacets,
    req.indexes,
  );
  const employer = toEmployer(org);
  const page = rows.slice(0, req.limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > req.limit && last) {
    if (req.filter.q) {
      if (offset + req.limit <= MAX_SEARCH_OFFSET) nextCursor = encodeCursor({ o: offset + req.limit });
    } else {
      // The exact timestamp (microseconds): rounding it would skip rows on the next page.
      nextCursor = encodeCursor({ p: last.publishedAt, id: last.id });
    }
  }
  const body = {
    organization: { slug: org.slug, name: org.name, url: careerPageUrl(baseUrl, employer) },
    total,
    data: page.map((r) => boardJob(toPublic(r, org.slug), employer, baseUrl, req.withContent)),
    ...(facets ? { facets } : {}),
    nextCursor,
  };
  return { body, answeredBy };
}
