// Confirmation emails are queued after the application commits; a crash in between would lose
// them. The sweep queues what is missing once, for recent applications only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { apply, applicantFields, eventually, freshAddress } from '../applications.ts';
import { buildTestApp, json, type TestApp } from '../helpers.ts';
import { makeEmployer, postingBody } from '../postings.ts';

describe('confirmation emails lost between the commit and the mail queue', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false });
  });
  after(() => t.close());

  it('are sent by the sweep, once, and only for recent applications', async () => {
    const e = await makeEmployer(t);
    const posting = await e.create(postingBody({ title: 'Night Nurse' }));
    await e.publish(posting.id);
    const submit = async (email: string) => {
      const res = await apply(t.app, e.slug, posting.id, {
        fields: applicantFields({ name: 'Mary Seacole', email }),
        remoteAddress: freshAddress(),
      });
      assert.equal(res.statusCode, 201, res.body);
      return json(res).id as string;
    };
    const confirmations = (to: string) =>
      t.mailSink.messages.filter((m) => m.to === to && m.kind === 'application-confirmation');

    const lost = await submit('lost@example.com');
    const recent = await submit('recent@example.com');
    const old = await submit('old@example.com');
    // The confirmation is queued after the response has gone (the request does not wait for it).
    await eventually(async () => {
      const rows = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from applications where confirmation_queued_at is not null`,
      );
      return rows[0]?.n === 3;
    });
    assert.equal(confirmations('lost@example.com').length, 1);
    assert.equal(await t.app.tasks.sendMissingConfirmations(0), 0, 'every confirmation was queued');

    // As a crash after the commit leaves them: not queued; one ten minutes ago, one just now, one days ago.
    await t.database.db.execute(sql`update applications set confirmation_queued_at = null,
      created_at = now() - interval '10 minutes' where id = ${lost}`);
    await t.database.db.execute(
      sql`update applications set confirmation_queued_at = null where id = ${recent}`,
    );
    await t.database.db.execute(sql`update applications set confirmation_queued_at = null,
      created_at = now() - interval '3 days' where id = ${old}`);

    assert.equal(await t.app.tasks.sendMissingConfirmations(), 1);
    const resent = confirmations('lost@example.com');
    assert.equal(resent.length, 2);
    assert.match(resent[1]!.text, /Night Nurse/);
    assert.ok(resent[1]!.text.includes(`/careers/${e.slug}/application?token=`), 'with the status link');
    assert.equal(
      confirmations('recent@example.com').length,
      1,
      'too recent: its own request may still queue it',
    );
    assert.equal(confirmations('old@example.com').length, 1, 'days late would confuse more than help');
    assert.equal(await t.app.tasks.sendMissingConfirmations(), 0, 'sent once');
  });
});
