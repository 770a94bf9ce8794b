import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/server/routes/ui.ts';
import { html, jsonScript, raw } from '../../src/ui/html.ts';

describe('html templates', () => {
  it('escapes interpolated text, so markup in a ticket stays text', () => {
    const text = '<script>alert("x")</script> & \'q\'';
    expect(html`<p>${text}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>');
  });

  it('keeps nested templates and raw markup, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });

  it('writes JSON blocks that a </script> in the data cannot close', () => {
    const block = jsonScript('data', { text: '</script><script>alert(1)</script>' });
    expect(block.value).not.toContain('</script><script>');
    expect(JSON.parse(block.value.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toEqual({ text: '</script><script>alert(1)</script>' });
  });
});

describe('form bodies', () => {
  it('decodes fields and makes a repeated name an array', () => {
    expect({ ...parseForm('a=1&b=x%20y&b=z&c=') }).toEqual({ a: '1', b: ['x y', 'z'], c: '' });
  });
});
