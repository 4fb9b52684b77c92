// Pay-transparency laws as data: where a job posting must (or should) state a pay range, since when,
// and for which employers. The evaluator is pay-transparency.ts; docs/pay-transparency.md explains
// both and how to update a rule. Not legal advice: the data reflects the laws as known on 2026-11-25.

export interface PayTransparencyRule {
  /** Stable; problem responses and clients refer to it (e.g. 'us-co', 'us-ny-nyc', 'eu-2023-970'). */
  id: string;
  /** Human name, e.g. 'Colorado'. */
  jurisdiction: string;
  /** The law and its citation, e.g. 'Equal Pay for Equal Work Act, SB19-085, C.R.S. § 8-5-201'. */
  law: string;
  /** URL of the statute or the official agency page; a statute citation where no URL could be confirmed. */
  source: string;
  /** ISO date from which the posting duty applies. */
  effectiveFrom: string;
  /** Employer-size threshold: the rule applies to employers with at least this many employees. */
  minEmployees: number;
  /** Where it applies. */
  match: {
    /** ISO 3166-1 alpha-2. */
    countries: string[];
    /** ISO 3166-2 subdivision codes without the country prefix ('NY'); names are in REGION_NAMES. */
    regions?: string[];
    /** Normalised lower-case city names, aliases included. */
    cities?: string[];
  };
  /** Whether a remote job that could be done from there is covered. */
  appliesToRemote: boolean;
  /** 'required': publishing without a bounded range is refused; 'recommended': a warning only. */
  effect: 'required' | 'recommended';
  /** How employees are counted, notable exceptions, and anything we are unsure of. */
  notes?: string;
}

/** Names (normalised: lower case, no dots or accents) that a location's region may use instead of the code. */
export const REGION_NAMES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  US: {
    CA: ['california'],
    CO: ['colorado'],
    CT: ['connecticut'],
    DC: ['district of columbia', 'washington dc', 'washington d c'],
    DE: ['delaware'],
    HI: ['hawaii'],
    IL: ['illinois'],
    MA: ['massachusetts'],
    MD: ['maryland'],
    MN: ['minnesota'],
    NJ: ['new jersey'],
    NY: ['new york', 'new york state'],
    VT: ['vermont'],
    WA: ['washington', 'washington state'],
  },
};

/** New York City: the city, its five boroughs, and common Queens postal city names (used with region NY). */
const NEW_YORK_CITY = [
  'new york',
  'new york city',
  'city of new york',
  'nyc',
  'manhattan',
  'brooklyn',
  'queens',
  'bronx',
  'the bronx',
  'staten island',
  'long island city',
  'astoria',
  'flushing',
  'jamaica',
  'jackson heights',
  'forest hills',
  'far rockaway',
];

/** The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR). */
export const EU_MEMBER_STATES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;

const UNSETTLED_REMOTE =
  'whether a fully remote job that could be performed there is covered is unsettled; this rule assumes it is (the cautious reading)';

export const PAY_RULES: readonly PayTransparencyRule[] = [
  {
    id: 'eu-2023-970',
    jurisdiction: 'European Union',
    law: 'Pay Transparency Directive (EU) 2023/970, art. 5',
    source: 'https://eur-lex.europa.eu/eli/dir/2023/970/oj',
    effectiveFrom: '2026-06-07',
    minEmployees: 1,
    match: { countries: [...EU_MEMBER_STATES] },
    appliesToRemote: true,
    effect: 'recommended',
    notes:
      'Member States had to transpose the Directive by 2026-06-07 (art. 34); the date is that deadline, not any national law. ' +
      'Art. 5 gives applicants the right to information on the initial pay or its range, provided "such as in a published job ' +
      'vacancy notice, prior to the job interview or otherwise" — the employer may give it before the interview instead of in ' +
      'the posting, which is why a missing range is a warning and not a refusal. Applies to employers of every size. National ' +
      'transposing laws may be stricter (a range in the advertisement itself, earlier or later dates) and are not modelled. ' +
      'EEA states outside the EU (Iceland, Liechtenstein, Norway) are not included.',
  },
  {
    id: 'us-ca',
    jurisdiction: 'California',
    law: 'California Labor Code § 432.3, SB 1162, Stats. 2022 ch. 559',
    source:
      'https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=LAB&sectionNum=432.3',
    effectiveFrom: '2023-01-01',
    minEmployees: 15,
    match: { countries: ['US'], regions: ['CA'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with 15 or more employees, at least one of them in California (Labor Commissioner guidance). The Labor ' +
      'Commissioner applies it to any position that may be filled in California, in person or remotely. Third parties that ' +
      'post for the employer must include the pay scale too. From 2026-01-01 (SB 642) the pay scale is a good-faith estimate ' +
      'of the salary or hourly wage range the employer reasonably expects to pay on hire.',
  },
  {
    id: 'us-co',
    jurisdiction: 'Colorado',
    law: 'Equal Pay for Equal Work Act, SB19-085, C.R.S. § 8-5-201',
    source: 'https://leg.colorado.gov/bills/sb19-085',
    effectiveFrom: '2021-01-01',
    minEmployees: 1,
    match: { countries: ['US'], regions: ['CO'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Every employer with at least one employee in Colorado. The Department of Labor and Employment (INFO #9) applies it to ' +
      'remote jobs that could be performed anywhere, even if the posting says Colorado applicants will not be considered; ' +
      'jobs tied to a worksite outside Colorado are not covered. A single rate is allowed when it is the only pay offered ' +
      '(enter it as both minimum and maximum); open-ended ranges are not. Postings must also describe benefits and, since ' +
      '2024, the application deadline; neither is checked here.',
  },
  {
    id: 'us-ct',
    jurisdiction: 'Connecticut',
    law: 'Conn. Gen. Stat. § 31-40z as amended by Public Act 26-12, HB 5003 of 2026',
    source: 'Conn. Gen. Stat. § 31-40z; Public Act 26-12',
    effectiveFrom: '2026-10-01',
    minEmployees: 1,
    match: { countries: ['US'], regions: ['CT'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Not in the list of the issue that introduced these rules: added because Public Act 26-12 (An Act Concerning Workforce ' +
      'Development and Working Conditions) makes the wage range and a general description of benefits mandatory in internal ' +
      'and public job postings from 2026-10-01, as reported by several law-firm summaries; the primary text was not read and ' +
      'no official URL is cited for that reason. § 31-40z covers employers using the services of one or more employees. The ' +
      `geographic scope of the new posting duty was not confirmed; ${UNSETTLED_REMOTE}. Verify before relying on this rule.`,
  },
  {
    id: 'us-dc',
    jurisdiction: 'District of Columbia',
    law: 'Wage Transparency Omnibus Amendment Act of 2023, D.C. Act 25-367, D.C. Code § 32-1453.01',
    source: 'https://code.dccouncil.gov/us/dc/council/code/sections/32-1453.01',
    effectiveFrom: '2024-06-30',
    minEmployees: 1,
    match: { countries: ['US'], regions: ['DC'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Every employer with at least one employee in the District (the D.C. and federal governments are not employers under ' +
      'the Act). The issue that introduced these rules gave 2025-06-30; every source consulted (the applicability clause as ' +
      'reported, D.C. Law 25-138, and contemporary law-firm guidance) gives 30 June 2024, which is used here. Healthcare ' +
      `benefits must be disclosed before the first interview, not necessarily in the posting. The Act is silent on remote work; ${UNSETTLED_REMOTE}. ` +
      'Matched by region DC or "District of Columbia"; a city "Washington" without a region matches neither D.C. nor the state ' +
      'of Washington.',
  },
  {
    id: 'us-de',
    jurisdiction: 'Delaware',
    law: 'House Substitute 2 for House Bill 105 of 2025',
    source: 'Delaware HS 2 for HB 105 (2025)',
    effectiveFrom: '2027-09-26',
    minEmployees: 26,
    match: { countries: ['US'], regions: ['DE'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Not in the list of the issue that introduced these rules, and not yet in force: signed 2025-09-26, it applies two years ' +
      'later to employers with 26 or more employees (as reported by law-firm summaries; the primary text was not read). It ' +
      'covers jobs located in Delaware and US remote jobs offered by Delaware-based employers; a posting does not say where ' +
      'the employer is based, so this rule treats every remote job open to the US as covered from that date. Commission and ' +
      'tipped jobs have their own disclosures (not modelled).',
  },
  {
    id: 'us-hi',
    jurisdiction: 'Hawaii',
    law: 'Hawaii Revised Statutes § 378-2.8, Act 203 of 2023, SB 1057',
    source: 'Haw. Rev. Stat. § 378-2.8',
    effectiveFrom: '2024-01-01',
    minEmployees: 50,
    match: { countries: ['US'], regions: ['HI'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Does not apply to employers with fewer than 50 employees (the statute does not say where they must work), to internal ' +
      'transfers or promotions, or to public positions whose pay is set by collective bargaining. A listing may give an hourly ' +
      `rate or a salary range. The statute does not address remote work; ${UNSETTLED_REMOTE}. Bills in the 2026 session ` +
      'proposed removing the 50-employee exemption; whether any was enacted is not known here, so check the threshold. No ' +
      'official URL is cited because none could be confirmed.',
  },
  {
    id: 'us-il',
    jurisdiction: 'Illinois',
    law: 'Illinois Equal Pay Act of 2003, 820 ILCS 112/10, HB 3129, Public Act 103-0539',
    source: '820 ILCS 112/10',
    effectiveFrom: '2025-01-01',
    minEmployees: 15,
    match: { countries: ['US'], regions: ['IL'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with 15 or more employees. Covers positions physically performed at least in part in Illinois, and positions ' +
      'performed outside Illinois that report to a supervisor, office or other work site in Illinois (not modelled: a posting ' +
      'does not record where the supervisor is); a remote job that may be performed in Illinois is treated as covered. A ' +
      'hyperlink to a public page with the pay scale and benefits satisfies the law. The Public Act number is from memory and ' +
      'no official URL is cited because none could be confirmed.',
  },
  {
    id: 'us-ma',
    jurisdiction: 'Massachusetts',
    law: 'An Act relative to salary range transparency, St. 2024 c. 141, H.4890, G.L. c. 149 § 105F',
    source: 'https://malegislature.gov/Laws/SessionLaws/Acts/2024/Chapter141',
    effectiveFrom: '2025-10-29',
    minEmployees: 25,
    match: { countries: ['US'], regions: ['MA'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with 25 or more employees whose primary place of work was in Massachusetts in the prior calendar year ' +
      '(Attorney General guidance; telecommuters to a Massachusetts worksite count). Only the annual salary or hourly wage ' +
      `range is required, not benefits. The Act does not address remote postings; ${UNSETTLED_REMOTE}. Employers have a ` +
      'short cure period after notice until 2027. The codification as G.L. c. 149 § 105F is as reported by secondary sources.',
  },
  {
    id: 'us-md',
    jurisdiction: 'Maryland',
    law: 'Wage Range Transparency Act, SB 525 of 2024, Md. Code Lab. & Empl. § 3-304.2',
    source: 'https://mgaleg.maryland.gov/mgawebsite/Legislation/Details/sb0525?ys=2024RS',
    effectiveFrom: '2024-10-01',
    minEmployees: 1,
    match: { countries: ['US'], regions: ['MD'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Every employer, regardless of size. Covers positions for work physically performed at least in part in Maryland; ' +
      `${UNSETTLED_REMOTE}. Postings must also give a general description of benefits and other compensation (not checked here).`,
  },
  {
    id: 'us-mn',
    jurisdiction: 'Minnesota',
    law: 'Minnesota Statutes § 181.173, 2024 omnibus labor and industry act',
    source: 'https://www.revisor.mn.gov/statutes/cite/181.173',
    effectiveFrom: '2025-01-01',
    minEmployees: 30,
    match: { countries: ['US'], regions: ['MN'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with 30 or more employees at one or more sites in Minnesota. The posting states the starting salary range ' +
      'or, if no range is planned, a fixed pay rate (enter it as both minimum and maximum); a range may not be open-ended. ' +
      `Benefits must be described too (not checked here). The statute does not address remote work; ${UNSETTLED_REMOTE}.`,
  },
  {
    id: 'us-nj',
    jurisdiction: 'New Jersey',
    law: 'New Jersey pay and benefits transparency law, S2310, P.L. 2024 c. 91, N.J.S.A. 34:6B-23',
    source: 'https://www.nj.gov/labor/myworkrights/wages/pay-transparency',
    effectiveFrom: '2025-06-01',
    minEmployees: 10,
    match: { countries: ['US'], regions: ['NJ'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with 10 or more employees over 20 calendar weeks that do business, employ persons or take applications for ' +
      'employment in New Jersey, which can reach out-of-state employers recruiting remotely. The exact hourly wage or salary ' +
      'may be given instead of a range (enter it as both minimum and maximum); open-ended figures ("up to $35 per hour") do ' +
      "not count, per the Department of Labor. The Department's proposed rules (not adopted) would limit how wide a range may " +
      'be; not checked here. Benefits must be described too (not checked here).',
  },
  {
    id: 'us-ny',
    jurisdiction: 'New York State',
    law: 'New York Labor Law § 194-b, S9427A, ch. 723 of the Laws of 2022',
    source: 'https://www.nysenate.gov/legislation/laws/LAB/194-B',
    effectiveFrom: '2023-09-17',
    minEmployees: 4,
    match: { countries: ['US'], regions: ['NY'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with four or more employees. Covers jobs physically performed at least in part in New York State, and jobs ' +
      'performed outside the state that report to a supervisor, office or other work site in New York (not modelled: a ' +
      'posting does not record where the supervisor is). Commission-only jobs may instead state that pay is based on ' +
      'commission (not modelled). A location in New York City matches this rule as well as us-ny-nyc.',
  },
  {
    id: 'us-ny-nyc',
    jurisdiction: 'New York City',
    law: 'NYC Human Rights Law, Admin. Code § 8-107(32), Local Law 32 of 2022 as amended by Local Law 59 of 2022',
    source: 'https://www.nyc.gov/site/cchr/media/salary-transparency.page',
    effectiveFrom: '2022-11-01',
    minEmployees: 4,
    match: { countries: ['US'], regions: ['NY'], cities: NEW_YORK_CITY },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with four or more employees wherever they work, as long as one works in New York City; owners and natural ' +
      'persons working as independent contractors count. Employers of one or more domestic workers and employment agencies ' +
      'are covered regardless of size, which a headcount cannot show. The Commission on Human Rights applies the law to jobs ' +
      'that can or will be performed, in whole or in part, in New York City, including remotely from home. Temporary help ' +
      'firms are exempt. A location is recognised by its city (the boroughs and common Queens postal names included) with ' +
      'region NY; postal codes are not used.',
  },
  {
    id: 'us-vt',
    jurisdiction: 'Vermont',
    law: '21 V.S.A. § 495p, Act 155 of 2024, H.704',
    source: 'https://legislature.vermont.gov/statutes/section/21/005/00495p',
    effectiveFrom: '2025-07-01',
    minEmployees: 5,
    match: { countries: ['US'], regions: ['VT'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with five or more employees, at least one of them working in Vermont (as reported by secondary sources). ' +
      'Covers written advertisements of jobs physically located in Vermont, and remote jobs that predominantly perform work ' +
      `for an office or work location in Vermont; ${UNSETTLED_REMOTE}. Commission-based jobs need only say so, and tipped ` +
      'jobs state the base wage or its range; neither exception is modelled.',
  },
  {
    id: 'us-wa',
    jurisdiction: 'Washington',
    law: 'Washington Equal Pay and Opportunities Act, RCW 49.58.110, SB 5761, 2022 c 242',
    source: 'https://app.leg.wa.gov/RCW/default.aspx?cite=49.58.110',
    effectiveFrom: '2023-01-01',
    minEmployees: 15,
    match: { countries: ['US'], regions: ['WA'] },
    appliesToRemote: true,
    effect: 'required',
    notes:
      'Employers with 15 or more employees counted across all locations, if at least one is Washington-based (L&I ' +
      'Administrative Policy ES.E.1). L&I applies it to jobs that could be filled by a Washington-based employee, remote ' +
      'ones included. A fixed wage may be given where that is the only pay offered (enter it as both minimum and maximum). ' +
      'Benefits must be described too (not checked here). A 2025 amendment gives employers a short period to correct a ' +
      'posting after notice before penalties. Not to be confused with Washington, D.C. (us-dc).',
  },
];
