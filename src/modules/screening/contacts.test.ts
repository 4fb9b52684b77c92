import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractContacts, isPhone } from './contacts.ts';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}.txt`, import.meta.url), 'utf8');
const BACKEND = sample('backend-developer');
const NURSE = sample('nurse');
const DATA = sample('data-engineer');

describe('extractContacts', () => {
  it('reads the backend sample', () => {
    assert.deepEqual(extractContacts(BACKEND), {
      emails: ['daniel.okafor@example.com'],
      phones: ['+1 (503) 555-0147'],
      urls: ['https://linkedin.com/in/daniel-okafor-dev', 'https://github.com/dokafor-dev'],
      linkedin: 'https://linkedin.com/in/daniel-okafor-dev',
      github: 'https://github.com/dokafor-dev',
      name: 'Daniel Okafor',
    });
  });

  it('reads the nurse sample: lower-cased email, name before the credentials, no licence number', () => {
    assert.deepEqual(extractContacts(NURSE), {
      emails: ['maria.lopez.rn@example.org'],
      phones: ['(312) 555-0188'],
      urls: [],
      name: 'Maria Lopez',
    });
  });

  it('reads the data engineer sample: skips the "Curriculum Vitae" heading, keeps a UK number', () => {
    const c = extractContacts(DATA);
    assert.equal(c.name, 'Aiko Tanaka-Whitfield');
    assert.deepEqual(c.emails, ['aiko.tw@example.net']);
    assert.deepEqual(c.phones, ['+44 20 7946 0321']);
    assert.equal(c.linkedin, 'https://www.linkedin.com/in/aiko-tanaka-whitfield/');
    assert.equal(c.github, 'https://github.com/aiko-tw');
  });

  it('accepts international and national phone formats', () => {
    for (const phone of [
      '+1 (415) 555-0132',
      '415.555.0132',
      '+49 30 12345678',
      '+4915112345678',
      '020 7946 0958',
    ]) {
      assert.deepEqual(extractContacts(`Phone: ${phone}.`).phones, [phone], phone);
    }
  });

  it('rejects dates, years, ranges, ZIP codes and IDs as phones', () => {
    const text = [
      'Acme Corp, 2019 - 2023; Initech 2016-2019 and 1998-2002',
      'Jan 2019 - Mar 2021, 2019-01 - 2021-08, started 2023-05-12 (12.05.2023) and 05/12/2019',
      'Portland, OR 97205-1234. Licence No. 0412345, credential ID 48213977, server 192.168.100.200',
      'Salary $120,000 - $140,000, version 1.2.3',
    ].join('\n');
    assert.deepEqual(extractContacts(text).phones, []);
    assert.equal(isPhone('2019 2020 2021'), false);
    assert.equal(isPhone('555-0134'), true);
  });

  it('dedupes and lower-cases emails, and caps every list at 10', () => {
    const many = Array.from({ length: 15 }, (_, i) => `user${i}@example.com https://example.com/${i}`).join(
      '\n',
    );
    const c = extractContacts(`Jane@Example.com jane@example.com\n${many}`);
    assert.equal(c.emails[0], 'jane@example.com');
    assert.equal(c.emails.length, 10);
    assert.equal(c.urls.length, 10);
    assert.equal(new Set(c.emails).size, 10);
  });
});
