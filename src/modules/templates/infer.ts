// Best guesses for fields a plain-text JD does not state. Front matter always wins.
import { CATEGORIES, type Category, SENIORITIES, type Seniority } from './types.ts';

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\+\+/g, 'pp')
    .replace(/#/g, 'sharp')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

const SENIORITY_CUES: [Seniority, RegExp][] = [
  ['intern', /\b(intern|internship|apprentice|trainee)\b/i],
  ['executive', /\b(chief|c[etfom]o|vp|vice president|head of|director|president|partner)\b/i],
  ['manager', /\b(manager|supervisor|superintendent)\b/i],
  ['lead', /\b(lead|principal|staff|architect)\b/i],
  ['senior', /\b(senior|sr\.?)(?=\s|$)/i],
  ['junior', /\b(junior|jr\.?|entry[- ]level|associate|graduate|assistant)(?=\s|$)/i],
];

export function inferSeniority(role: string): Seniority {
  return SENIORITY_CUES.find(([, cue]) => cue.test(role))?.[0] ?? 'mid';
}

const CATEGORY_CUES: [Category, RegExp][] = [
  ['data', /\b(data|analytics|machine learning|ml|ai|bi|statistician)\b/i],
  ['engineering', /\b(developer|engineer|engineering|programmer|devops|sre|architect|qa|cto|software)\b/i],
  ['design', /\b(designer|design|ux|ui|illustrator|art director)\b/i],
  ['product', /\b(product|program manager|scrum master)\b/i],
  ['marketing', /\b(marketing|seo|content|brand|social media|communications|cmo|copywriter)\b/i],
  ['sales', /\b(sales|account executive|business development|sdr|bdr|customer success)\b/i],
  ['customer-support', /\b(support|customer service|help ?desk|call center)\b/i],
  ['finance', /\b(finance|financial|accountant|accounting|controller|cfo|bookkeeper|auditor|payroll)\b/i],
  ['people', /\b(hr|human resources|recruiter|recruiting|talent|people)\b/i],
  ['legal', /\b(legal|lawyer|attorney|counsel|paralegal|compliance)\b/i],
  ['healthcare', /\b(nurse|nursing|medical|physician|doctor|pharmac|therapist|clinical|dental|health)/i],
  ['education', /\b(teacher|teaching|tutor|instructor|professor|instructional|school|education)/i],
  ['hospitality', /\b(chef|cook|hotel|restaurant|front desk|barista|server|housekeep|concierge|bartender)/i],
  ['retail', /\b(retail|cashier|store|merchandis)/i],
  ['manufacturing', /\b(manufacturing|machinist|welder|assembly|production|technician)/i],
  [
    'operations',
    /\b(operations|logistics|supply chain|warehouse|office|administrat|project manager|procurement)/i,
  ],
];

export function inferCategory(role: string): Category {
  return CATEGORY_CUES.find(([, cue]) => cue.test(role))?.[0] ?? 'other';
}

export const isCategory = (v: string | undefined): v is Category => CATEGORIES.includes(v as Category);
export const isSeniority = (v: string | undefined): v is Seniority => SENIORITIES.includes(v as Seniority);
