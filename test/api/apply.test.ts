import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, json, type TestApp } from '../helpers.ts';
import { makeEmployer, type Employer, postingBody } from '../postings.ts';
import { applicantFields, apply, eventually } from '../applications.ts';

describe('applying through the job-board API', () => {
  let t: TestApp;
  let employer: Employer;
  let postingId: string;
  let postingSlug: string;

  before(async () => {
    t = await buildTestApp({ seed: false });
    employer = await makeEmployer(t);
    const posting = await employer.create(postingBody());
    await employer.publish(posting.id);
    postingId = posting.id;
    postingSlug = posting.slug;
  });
  after(() => t.close());

  it('accepts an application with a PDF resume and processes it in the background', async () => {
    const res = await apply(t.app, employer.slug, postingId);
    assert.equal(res.statusCode, 201, res.body);
    const body = json(res);
    assert.equal(body.status, 'received');
    assert.equal(res.headers.location, `/api/v1/org/applications/${body.id}`);
    // The confirmation goes out after the commit, off the request path.
    await eventually(() => t.mailSink.messages.some((m) => m.kind === 'application-confirmation'));
    const confirmation = t.mailSink.messages.find((m) => m.kind === 'application-confirmation');
    assert.match(confirmation?.text ?? '', /application\?token=/);
    assert.equal(await t.app.tasks.processPending(0), 1);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org/applications/${body.id}`,
      headers: employer.headers,
    });
    assert.equal(detail.statusCode, 200, detail.body);
    const d = json(detail);
    assert.equal(d.parseStatus, 'done');
    assert.ok(d.skills.includes('postgresql'), JSON.stringify(d.skills));
    assert.equal(typeof d.match.score, 'number');
    assert.equal(d.stage.kind, 'applied');
  });

  it('answers 409 to the same email applying twice', async () => {
    const fields = applicantFields();
    assert.equal((await apply(t.app, employer.slug, postingId, { fields })).statusCode, 201);
    const again = await apply(t.app, employer.slug, postingId, { fields });
    assert.equal(again.statusCode, 409);
    assert.equal(json(again).code, 'already_applied');
  });

  it('links a default privacy notice that states the retention period', async () => {
    const form = await t.app.inject({
      method: 'GET',
      url: `/careers/${employer.slug}/jobs/${postingSlug}/apply`,
    });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`href="[^"]*/careers/${employer.slug}/privacy"`));
    const notice = await t.app.inject({ method: 'GET', url: `/careers/${employer.slug}/privacy` });
    assert.equal(notice.statusCode, 200);
    assert.match(notice.body, /24 months after your last activity/);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/careers/no-such-org/privacy' })).statusCode,
      404,
    );
  });
});
