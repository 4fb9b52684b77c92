import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, jsonLd } from './html.ts';

describe('html', () => {
  it('escapes interpolated text, including attribute quotes', () => {
    const value = `<a href="x" onclick='y'>&</a>`;
    assert.equal(
      html`<p title="${value}">${value}</p>`.value,
      `<p title="${escapeHtml(value)}">${escapeHtml(value)}</p>`,
    );
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });

  it('does not escape nested html, and renders arrays, numbers and empty values', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(
      html`${inner}${[html`<br>`, 'a&b']}${3}${null}${undefined}${false}`.value,
      '<b>&lt;i&gt;</b><br>a&amp;b3',
    );
  });

  it('makes JSON-LD that cannot close its script element', () => {
    const block = jsonLd({ text: '</script><script>alert(1)</script> & \u2028' }).value;
    assert.equal(block.match(/<\/script>/g)?.length, 1);
    const json = block.replace(/^<script type="application\/ld\+json">/, '').replace(/<\/script>$/, '');
    assert.deepEqual(JSON.parse(json), { text: '</script><script>alert(1)</script> & \u2028' });
  });
});
