import { describe, expect, it } from '@jest/globals';
import { attributes, documentOf, html } from './html';

describe('the html tag', () => {
  it('escapes every interpolated string, in text and in quoted attributes', () => {
    const evil = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${evil}">${evil}</p>`.markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('inserts markup made by templates as it is, joins arrays, and renders nothing for null, undefined and booleans', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    expect(html`<ul>${['a', '<b>'].map(item)}</ul>${null}${undefined}${false}${true}${0}`.markup).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>0');
  });

  it('writes attributes from a record and refuses a name that is not one', () => {
    expect(attributes({ id: 'x', required: true, hidden: false, 'aria-describedby': null, value: '"' }).markup).toBe(' id="x" required value="&quot;"');
    expect(() => attributes({ 'onclick="x"': 'y' })).toThrow('Not an attribute name');
  });

  it('adds the doctype to a document', () => {
    expect(documentOf(html`<html></html>`)).toBe('<!doctype html>\n<html></html>');
  });
});
