import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '@patent-bridge/text';
import { escapeHtml, highlight } from '../../src/highlight.ts';

/** The text without the markup `highlight` added, entities decoded. */
function plain(html: string, pre = '<em>', post = '</em>'): string {
  return html.split(pre).join('').split(post).join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('highlight', () => {
  it('wraps Chinese terms found in the title', () => {
    expect(highlight('一种石墨烯复合材料的制备方法', ['石墨烯', '制备'])).toBe('一种<em>石墨烯</em>复合材料的<em>制备</em>方法');
  });

  it('matches English words by their stem, case-insensitively, keeping the original text', () => {
    expect(highlight('Graphene-coated Cathodes for Lithium-ion BATTERIES', tokenize('cathode batteries'))).toBe(
      'Graphene-coated <em>Cathodes</em> for Lithium-ion <em>BATTERIES</em>',
    );
    // A stem is not a substring match: "ion" does not light up inside "lithium".
    expect(highlight('lithium-ion', ['ion'])).toBe('lithium-<em>ion</em>');
  });

  it('matches full-width and Traditional forms of the terms', () => {
    expect(highlight('新型ＣＲＩＳＰＲ酶以及系統', ['crispr', '系统'])).toBe('新型<em>ＣＲＩＳＰＲ</em>酶以及<em>系統</em>');
    expect(highlight('鋰電池正極材料', ['锂电池'])).toBe('<em>鋰電池</em>正極材料');
  });

  it('matches mixed and alphanumeric terms only at word boundaries', () => {
    expect(highlight('5G通信与X射线检测', ['5g', 'x射线'])).toBe('<em>5G</em>通信与<em>X射线</em>检测');
    expect(highlight('18650电池与186500', ['18650'])).toBe('<em>18650</em>电池与186500');
  });

  it('merges overlapping matches into one', () => {
    expect(highlight('锂离子电池', ['锂离子', '离子电池'])).toBe('<em>锂离子电池</em>');
  });

  it('escapes HTML in the text, never in pre/post', () => {
    expect(highlight('<b>石墨烯</b> & "膜"', ['石墨烯'], { pre: '<mark class="hit">', post: '</mark>' })).toBe(
      '&lt;b&gt;<mark class="hit">石墨烯</mark>&lt;/b&gt; &amp; &quot;膜&quot;',
    );
    expect(highlight('<script>alert(1)</script>', [])).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('cuts a window around the first match with ellipses', () => {
    const text = `${'前言'.repeat(100)}本实用新型涉及茶叶加工机械，滚筒杀青，温度可控。${'后记'.repeat(100)}`;
    const snippet = highlight(text, ['杀青'], { maxLength: 40 });
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<em>杀青</em>');
    expect(plain(snippet).length).toBeLessThanOrEqual(42);
    expect(highlight('短文本杀青', ['杀青'], { maxLength: 40 })).toBe('短文本<em>杀青</em>');
    expect(highlight(`${'甲'.repeat(50)}`, ['乙'], { maxLength: 10 })).toBe(`${'甲'.repeat(10)}…`);
  });

  it('never splits a surrogate pair and replaces lone surrogates', () => {
    const text = `${'😀'.repeat(30)}电池`;
    const snippet = highlight(text, ['电池'], { maxLength: 11 });
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(highlight('a\uD800b电池', ['电池'])).toBe('a\uFFFDb<em>电池</em>');
  });

  it('is the escaped text when nothing matches, and empty for empty text', () => {
    expect(highlight('一种深松犁', ['石墨烯'])).toBe('一种深松犁');
    expect(highlight('', ['石墨烯'])).toBe('');
    expect(highlight('一种深松犁', ['', '  '])).toBe('一种深松犁');
  });

  it('property: removing the markup gives back the (escaped) text; every match is a term', () => {
    const alphabet = ['石', '墨', '烯', '电', '池', 'a', 'B', ' ', '<', '&', '１', '系', '統'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((c) => c.join('')), fc.array(fc.constantFrom('石墨烯', '电池', 'b', '系统', '1'), { maxLength: 3 }), (text, terms) => {
        const html = highlight(text, terms);
        expect(plain(html)).toBe(text);
        for (const [, inner] of html.matchAll(/<em>(.*?)<\/em>/g)) expect(inner!.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('escapeHtml', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
