import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EU_MEMBER_STATES, PAY_RULES, type PayTransparencyRule, REGION_NAMES } from './pay-rules.ts';
import {
  checkPayTransparency,
  describeViolation,
  isBoundedRange,
  type PayCheckInput,
} from './pay-transparency.ts';
import type { PostingLocation, Salary } from './types.ts';

const ON = new Date('2026-11-25T12:00:00Z');
const BIG = 10_000;
const BOUNDED: Salary = { min: 50_000, max: 70_000, currency: 'USD', period: 'YEAR' };
const OPEN_ENDED: Salary = { min: 40_000, max: null, currency: 'USD', period: 'YEAR' };

function input(over: Partial<PayCheckInput> = {}): PayCheckInput {
  return {
    locations: [],
    workplaceType: 'on_site',
    applicantLocationRequirements: [],
    salary: null,
    employeeCount: BIG,
    on: ON,
    ...over,
  };
}

const at = (city: string | undefined, region: string | undefined, countryCode = 'US'): PostingLocation => ({
  ...(city === undefined ? {} : { city }),
  ...(region === undefined ? {} : { region }),
  countryCode,
});

const ids = (hits: { rule: { id: string } }[]) => hits.map((h) => h.rule.id);
const rule = (id: string): PayTransparencyRule => PAY_RULES.find((r) => r.id === id)!;
/** The later of ON and the day the rule takes effect, so that not-yet-effective rules can be tested too. */
const inForce = (r: PayTransparencyRule) =>
  r.effectiveFrom > '2026-11-25' ? new Date(`${r.effectiveFrom}T12:00:00Z`) : ON;

/** One location in each jurisdiction, and the rules it must hit. */
const PLACES: Record<string, { location: PostingLocation; hits: string[] }> = {
  'us-ny-nyc': { location: at('Brooklyn', 'NY'), hits: ['us-ny', 'us-ny-nyc'] },
  'us-ny': { location: at('Albany', 'NY'), hits: ['us-ny'] },
  'us-co': { location: at('Denver', 'CO'), hits: ['us-co'] },
  'us-ca': { location: at('San Francisco', 'CA'), hits: ['us-ca'] },
  'us-wa': { location: at('Seattle', 'WA'), hits: ['us-wa'] },
  'us-il': { location: at('Chicago', 'IL'), hits: ['us-il'] },
  'us-mn': { location: at('Minneapolis', 'MN'), hits: ['us-mn'] },
  'us-vt': { location: at('Burlington', 'VT'), hits: ['us-vt'] },
  'us-ma': { location: at('Boston', 'MA'), hits: ['us-ma'] },
  'us-nj': { location: at('Newark', 'NJ'), hits: ['us-nj'] },
  'us-md': { location: at('Baltimore', 'MD'), hits: ['us-md'] },
  'us-hi': { location: at('Honolulu', 'HI'), hits: ['us-hi'] },
  'us-dc': { location: at('Washington', 'DC'), hits: ['us-dc'] },
  'us-ct': { location: at('Hartford', 'CT'), hits: ['us-ct'] },
  'us-de': { location: at('Wilmington', 'DE'), hits: ['us-de'] },
};

describe('pay-transparency rules (data)', () => {
  it('has the 13 US jurisdictions of the issue and the EU directive, with unique stable ids', () => {
    const all = ids(PAY_RULES.map((r) => ({ rule: r })));
    assert.equal(new Set(all).size, all.length);
    for (const id of [
      'us-ny-nyc',
      'us-ny',
      'us-co',
      'us-ca',
      'us-wa',
      'us-il',
      'us-mn',
      'us-vt',
      'us-ma',
      'us-nj',
      'us-md',
      'us-hi',
      'us-dc',
      'eu-2023-970',
    ]) {
      assert.ok(all.includes(id), id);
    }
    for (const id of all) assert.match(id, /^[a-z]{2}(-[a-z0-9]+)+$/);
  });

  it('gives every rule a source, a law, a valid effective date and a positive integer threshold', () => {
    for (const r of PAY_RULES) {
      assert.ok(r.jurisdiction && r.law && r.source, r.id);
      assert.match(r.effectiveFrom, /^\d{4}-\d{2}-\d{2}$/, r.id);
      assert.equal(
        new Date(`${r.effectiveFrom}T00:00:00Z`).toISOString().slice(0, 10),
        r.effectiveFrom,
        r.id,
      );
      assert.ok(Number.isInteger(r.minEmployees) && r.minEmployees >= 1, r.id);
      if (r.source.startsWith('http')) assert.match(r.source, /^https:\/\/[a-z0-9.-]+\//, r.id);
      for (const c of r.match.countries) assert.match(c, /^[A-Z]{2}$/, r.id);
      for (const code of r.match.regions ?? []) {
        assert.ok(REGION_NAMES[r.match.countries[0]!]?.[code], `${r.id}: no names for region ${code}`);
      }
      for (const city of r.match.cities ?? []) assert.equal(city, city.toLowerCase().trim(), r.id);
    }
    assert.equal(PAY_RULES.filter((r) => r.effect === 'recommended').length, 1);
  });

  it('has the facts the issue names for thresholds and dates', () => {
    const facts: [string, number, string][] = [
      ['us-ny-nyc', 4, '2022-11-01'],
      ['us-ny', 4, '2023-09-17'],
      ['us-co', 1, '2021-01-01'],
      ['us-ca', 15, '2023-01-01'],
      ['us-wa', 15, '2023-01-01'],
      ['us-il', 15, '2025-01-01'],
      ['us-mn', 30, '2025-01-01'],
      ['us-vt', 5, '2025-07-01'],
      ['us-ma', 25, '2025-10-29'],
      ['us-nj', 10, '2025-06-01'],
      ['us-md', 1, '2024-10-01'],
      ['us-hi', 50, '2024-01-01'],
      // The issue said 2025-06-30; the Act applies from 2024-06-30 (see the rule's notes).
      ['us-dc', 1, '2024-06-30'],
      ['eu-2023-970', 1, '2026-06-07'],
    ];
    for (const [id, min, date] of facts) {
      assert.equal(rule(id).minEmployees, min, id);
      assert.equal(rule(id).effectiveFrom, date, id);
    }
  });

  it('covers the 27 EU member states, as a recommendation only', () => {
    const eu = rule('eu-2023-970');
    assert.equal(new Set(eu.match.countries).size, 27);
    assert.deepEqual([...eu.match.countries].sort(), [...EU_MEMBER_STATES].sort());
    assert.equal(eu.effect, 'recommended');
    assert.match(eu.notes ?? '', /before|prior to/);
  });
});

describe('checkPayTransparency: every jurisdiction', () => {
  it('has a test location for every US rule', () => {
    const us = PAY_RULES.filter((r) => r.match.countries.includes('US')).map((r) => r.id);
    assert.deepEqual(Object.keys(PLACES).sort(), us.sort());
  });

  for (const [id, { location, hits }] of Object.entries(PLACES)) {
    const on = inForce(rule(id));
    it(`${id}: no salary → refused; bounded range → fine; open-ended → refused`, () => {
      const missing = checkPayTransparency(input({ locations: [location], on }));
      assert.deepEqual(ids(missing.violations), hits);
      assert.equal(missing.outcome, 'required');
      assert.equal(missing.bounded, false);
      assert.deepEqual(missing.warnings, []);
      assert.ok(
        missing.violations.every((h) => h.reason === `location ${location.city}, ${location.region}, US`),
      );

      const ok = checkPayTransparency(input({ locations: [location], on, salary: BOUNDED }));
      assert.deepEqual(ok.violations, []);
      assert.deepEqual(ids(ok.applicable), hits);
      assert.equal(ok.bounded, true);
      assert.equal(ok.outcome, 'required');

      const open = checkPayTransparency(input({ locations: [location], on, salary: OPEN_ENDED }));
      assert.deepEqual(ids(open.violations), hits);

      const upTo = checkPayTransparency(
        input({ locations: [location], on, salary: { ...BOUNDED, min: null } }),
      );
      assert.deepEqual(ids(upTo.violations), hits);
    });
  }

  it('EU: a location in a member state without a range is a warning, not a violation', () => {
    for (const country of ['DE', 'FR', 'GR', 'ie']) {
      const check = checkPayTransparency(input({ locations: [at('Somewhere', undefined, country)] }));
      assert.deepEqual(ids(check.warnings), ['eu-2023-970'], country);
      assert.deepEqual(check.violations, []);
      assert.equal(check.outcome, 'recommended');
    }
    const bounded = checkPayTransparency(input({ locations: [at('Berlin', 'BE', 'DE')], salary: BOUNDED }));
    assert.deepEqual(bounded.warnings, []);
    assert.equal(bounded.outcome, 'recommended');
    const before = checkPayTransparency(
      input({ locations: [at('Berlin', 'BE', 'DE')], on: new Date('2026-06-06T12:00Z') }),
    );
    assert.equal(before.outcome, 'none');
    const swiss = checkPayTransparency(input({ locations: [at('Zürich', 'ZH', 'CH')] }));
    assert.equal(swiss.outcome, 'none');
  });
});

describe('checkPayTransparency: employer size', () => {
  const hawaii = [at('Honolulu', 'HI')];
  it('Hawaii applies from 50 employees', () => {
    assert.deepEqual(checkPayTransparency(input({ locations: hawaii, employeeCount: 49 })).applicable, []);
    assert.deepEqual(ids(checkPayTransparency(input({ locations: hawaii, employeeCount: 50 })).violations), [
      'us-hi',
    ]);
  });

  it('California applies from 15 employees', () => {
    const la = [at('Los Angeles', 'CA')];
    assert.equal(checkPayTransparency(input({ locations: la, employeeCount: 14 })).outcome, 'none');
    assert.deepEqual(ids(checkPayTransparency(input({ locations: la, employeeCount: 15 })).violations), [
      'us-ca',
    ]);
  });

  it('New York City (and the state) apply from 4 employees', () => {
    const nyc = [at('Manhattan', 'NY')];
    assert.deepEqual(checkPayTransparency(input({ locations: nyc, employeeCount: 3 })).applicable, []);
    assert.deepEqual(ids(checkPayTransparency(input({ locations: nyc, employeeCount: 4 })).violations), [
      'us-ny',
      'us-ny-nyc',
    ]);
  });

  it('every rule: just below the threshold → not applicable; at it → applicable', () => {
    for (const [id, { location }] of Object.entries(PLACES)) {
      const r = rule(id);
      const on = inForce(r);
      const atThreshold = checkPayTransparency(
        input({ locations: [location], on, employeeCount: r.minEmployees }),
      );
      assert.ok(ids(atThreshold.violations).includes(id), id);
      const below = checkPayTransparency(
        input({ locations: [location], on, employeeCount: r.minEmployees - 1 }),
      );
      assert.ok(!ids(below.applicable).includes(id), id);
    }
  });

  it('an unknown employee count is read as "the rule applies"', () => {
    for (const employeeCount of [null, Number.NaN, -1]) {
      const check = checkPayTransparency(input({ locations: [at('Honolulu', 'HI')], employeeCount }));
      assert.deepEqual(ids(check.violations), ['us-hi'], String(employeeCount));
    }
  });
});

describe('checkPayTransparency: effective dates', () => {
  const chicago = [at('Chicago', 'IL')];
  it('Illinois does not apply before 2025-01-01', () => {
    assert.equal(
      checkPayTransparency(input({ locations: chicago, on: new Date('2024-12-31T12:00:00Z') })).outcome,
      'none',
    );
    assert.deepEqual(
      ids(
        checkPayTransparency(input({ locations: chicago, on: new Date('2025-01-01T00:00:00Z') })).violations,
      ),
      ['us-il'],
    );
  });

  it('a remote US job before any law was in force needs nothing; one in 2021 needs Colorado only', () => {
    const remote = input({ workplaceType: 'remote', applicantLocationRequirements: ['US'] });
    assert.equal(checkPayTransparency({ ...remote, on: new Date('2020-06-01T12:00:00Z') }).outcome, 'none');
    assert.deepEqual(
      ids(checkPayTransparency({ ...remote, on: new Date('2021-06-01T12:00:00Z') }).violations),
      ['us-co'],
    );
  });

  it('rejects an invalid date', () => {
    assert.throws(() => checkPayTransparency(input({ on: new Date('nope') })), RangeError);
  });
});

describe('checkPayTransparency: remote jobs', () => {
  const remoteUs = PAY_RULES.filter(
    (r) => r.match.countries.includes('US') && r.appliesToRemote && r.effectiveFrom <= '2026-11-25',
  ).map((r) => r.id);

  it('a remote job open to the US hits every US rule in force that covers remote work', () => {
    const check = checkPayTransparency(
      input({ workplaceType: 'remote', applicantLocationRequirements: ['US'] }),
    );
    assert.deepEqual(ids(check.violations), [...remoteUs].sort());
    for (const id of ['us-co', 'us-ny', 'us-ny-nyc', 'us-ca', 'us-wa', 'us-il'])
      assert.ok(ids(check.violations).includes(id));
    assert.ok(!ids(check.applicable).includes('us-de'), 'Delaware is not in force yet');
    assert.ok(check.violations.every((h) => h.reason === 'remote job open to applicants in US'));
    assert.deepEqual(check.warnings, []);
  });

  it('a remote job open to the US is fine with a bounded range', () => {
    const check = checkPayTransparency(
      input({ workplaceType: 'remote', applicantLocationRequirements: [' us '], salary: BOUNDED }),
    );
    assert.deepEqual(check.violations, []);
    assert.equal(check.outcome, 'required');
  });

  it('a remote job open anywhere hits the US rules and the EU directive', () => {
    const check = checkPayTransparency(input({ workplaceType: 'remote' }));
    assert.deepEqual(ids(check.violations), [...remoteUs].sort());
    assert.deepEqual(ids(check.warnings), ['eu-2023-970']);
    assert.equal(check.warnings[0]!.reason, 'remote job open to applicants anywhere');
    assert.equal(check.outcome, 'required');
  });

  it('a remote job limited to Canada hits none of the US rules', () => {
    for (const req of [['CA'], ['ca']]) {
      const check = checkPayTransparency(
        input({ workplaceType: 'remote', applicantLocationRequirements: req }),
      );
      assert.deepEqual(check.applicable, []);
      assert.equal(check.outcome, 'none');
    }
  });

  it('a remote job open to an EU country gets the EU warning, not a violation', () => {
    const check = checkPayTransparency(
      input({ workplaceType: 'remote', applicantLocationRequirements: ['DE', 'CH'] }),
    );
    assert.deepEqual(check.violations, []);
    assert.deepEqual(ids(check.warnings), ['eu-2023-970']);
    assert.equal(check.warnings[0]!.reason, 'remote job open to applicants in DE');
    assert.equal(check.outcome, 'recommended');
  });

  it('explicit locations on a remote job count too, and the location reason wins', () => {
    const check = checkPayTransparency(
      input({
        workplaceType: 'remote',
        locations: [at('Denver', 'CO')],
        applicantLocationRequirements: ['CA'],
      }),
    );
    assert.deepEqual(ids(check.violations), ['us-co']);
    const both = checkPayTransparency(
      input({
        workplaceType: 'remote',
        locations: [at('Denver', 'CO')],
        applicantLocationRequirements: ['US'],
      }),
    );
    assert.equal(both.violations.find((h) => h.rule.id === 'us-co')!.reason, 'location Denver, CO, US');
  });

  it('hybrid and on-site jobs use their locations only', () => {
    for (const workplaceType of ['hybrid', 'on_site'] as const) {
      const check = checkPayTransparency(
        input({ workplaceType, locations: [at('Austin', 'TX')], applicantLocationRequirements: ['US'] }),
      );
      assert.equal(check.outcome, 'none', workplaceType);
    }
  });
});

describe('checkPayTransparency: matching places', () => {
  const hit = (...locations: PostingLocation[]) => ids(checkPayTransparency(input({ locations })).applicable);

  it('tells Washington, D.C. from the state of Washington', () => {
    assert.deepEqual(hit(at('Washington', 'DC')), ['us-dc']);
    assert.deepEqual(hit(at('Washington', 'District of Columbia')), ['us-dc']);
    assert.deepEqual(hit(at('Washington', 'Washington, D.C.')), ['us-dc']);
    assert.deepEqual(hit(at(undefined, 'd.c.')), ['us-dc']);
    assert.deepEqual(hit(at('Seattle', 'Washington')), ['us-wa']);
    assert.deepEqual(hit(at('Spokane', 'wa')), ['us-wa']);
    assert.deepEqual(hit(at('Washington', undefined)), [], 'a city "Washington" without a region is neither');
  });

  it('a New York City location hits both the city and the state rule', () => {
    for (const city of [
      'New York',
      'new york city',
      '  New   York  City ',
      'NYC',
      'N.Y.C.',
      'Brooklyn',
      'The Bronx',
      'Staten Island',
    ]) {
      assert.deepEqual(hit(at(city, 'NY')), ['us-ny', 'us-ny-nyc'], city);
    }
    assert.deepEqual(hit(at('Queens', 'New York')), ['us-ny', 'us-ny-nyc']);
    assert.deepEqual(hit(at('Buffalo', 'NY')), ['us-ny']);
    assert.deepEqual(hit(at('Brooklyn', 'MI')), [], 'Brooklyn, Michigan');
  });

  it('accepts a region as its code or its name, in any case, trimmed', () => {
    for (const region of ['CO', 'co', ' Colorado ', 'colorado', 'COLORADO', 'US-CO']) {
      assert.deepEqual(hit(at('Boulder', region)), ['us-co'], region);
    }
    assert.deepEqual(hit(at('Honolulu', 'Hawaiʻi')), ['us-hi']);
    assert.deepEqual(hit(at('Trenton', 'New Jersey')), ['us-nj']);
  });

  it('needs the country to match: region CA in Canada is not California', () => {
    assert.deepEqual(hit(at('Toronto', 'ON', 'CA')), []);
    assert.deepEqual(hit(at('Somewhere', 'CA', 'CA')), []);
    assert.deepEqual(hit(at('Oakland', 'CA', 'us')), ['us-ca']);
  });

  it('a location in Texas (or a US location without a region) hits nothing', () => {
    const check = checkPayTransparency(input({ locations: [at('Austin', 'TX')] }));
    assert.deepEqual(check.applicable, []);
    assert.equal(check.outcome, 'none');
    assert.deepEqual(check.violations, []);
    assert.deepEqual(hit(at('Denver', undefined)), []);
  });

  it('deduplicates hits by rule and sorts them by rule id', () => {
    const check = checkPayTransparency(
      input({
        locations: [at('Seattle', 'WA'), at('Denver', 'CO'), at('Boulder', 'CO'), at('Brooklyn', 'NY')],
      }),
    );
    assert.deepEqual(ids(check.violations), ['us-co', 'us-ny', 'us-ny-nyc', 'us-wa']);
    assert.equal(check.violations[0]!.reason, 'location Denver, CO, US');
  });

  it('evaluates a rule set passed in', () => {
    const only = [{ ...rule('us-co'), minEmployees: 100 }];
    assert.equal(
      checkPayTransparency(input({ locations: [at('Denver', 'CO')], employeeCount: 99 }), only).outcome,
      'none',
    );
    assert.deepEqual(
      ids(checkPayTransparency(input({ locations: [at('Seattle', 'WA')] }), only).applicable),
      [],
    );
  });
});

describe('isBoundedRange', () => {
  const s = (min: number | null, max: number | null): Salary => ({
    min,
    max,
    currency: 'USD',
    period: 'HOUR',
  });
  it('needs a finite minimum and maximum, 0 < min ≤ max', () => {
    assert.equal(isBoundedRange(null), false);
    assert.equal(isBoundedRange(s(40, null)), false, 'from $40');
    assert.equal(isBoundedRange(s(null, 60)), false, 'up to $60');
    assert.equal(isBoundedRange(s(null, null)), false);
    assert.equal(isBoundedRange(s(60, 40)), false, 'min > max');
    assert.equal(isBoundedRange(s(0, 40)), false);
    assert.equal(isBoundedRange(s(-5, 40)), false);
    assert.equal(isBoundedRange(s(Number.NaN, 40)), false);
    assert.equal(isBoundedRange(s(40, Number.POSITIVE_INFINITY)), false);
    assert.equal(isBoundedRange(s(40, 60)), true);
    assert.equal(isBoundedRange(s(40, 40)), true, 'a single figure given as both ends');
  });

  it('min > max is refused where a range is required', () => {
    const check = checkPayTransparency(input({ locations: [at('Denver', 'CO')], salary: s(60, 40) }));
    assert.deepEqual(ids(check.violations), ['us-co']);
  });
});

describe('describeViolation', () => {
  it('names the jurisdiction, the law, the date and the threshold in one line', () => {
    const [hit] = checkPayTransparency(input({ locations: [at('Denver', 'CO')] })).violations;
    assert.equal(
      describeViolation(hit!),
      'Colorado requires a pay range with a minimum and a maximum in job postings ' +
        '(Equal Pay for Equal Work Act, SB19-085, C.R.S. § 8-5-201; effective 2021-01-01; employers with 1+ employees).',
    );
    for (const h of checkPayTransparency(input({ workplaceType: 'remote' })).applicable) {
      const line = describeViolation(h);
      assert.ok(!line.includes('\n'), h.rule.id);
      assert.ok(line.startsWith(h.rule.jurisdiction), h.rule.id);
      assert.ok(line.includes(h.rule.effectiveFrom) && line.includes(`${h.rule.minEmployees}+`), h.rule.id);
    }
  });

  it('words the EU warning as a recommendation that allows disclosure before the interview', () => {
    const [hit] = checkPayTransparency(input({ locations: [at('Paris', undefined, 'FR')] })).warnings;
    const line = describeViolation(hit!);
    assert.match(line, /^European Union: /);
    assert.match(line, /before the interview/);
    assert.doesNotMatch(line, /requires/);
  });
});
