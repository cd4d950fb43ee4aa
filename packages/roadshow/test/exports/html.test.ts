import { describe, expect, it } from 'vitest';
import { agendaHtml, CHINESE_FONT_STACK, escapeHtml } from '../../src/exports/index.ts';
import { AGENDA, MEETINGS, NAMES, ROADSHOW } from './fixtures.ts';

describe('printable HTML agenda', () => {
  const html = agendaHtml({ roadshow: ROADSHOW, agenda: AGENDA, meetings: MEETINGS, names: NAMES, generatedAt: '2025-03-01 10:00' });

  it('is a self-contained Chinese page for screen and print', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`font-family: ${CHINESE_FONT_STACK}`);
    expect(CHINESE_FONT_STACK).toBe('"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif');
    expect(html).toMatch(/@media print \{/);
    expect(html).toMatch(/@page \{ size: A4/);
    // Nothing is fetched: no scripts, stylesheets, images or remote URLs.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:\/\//i);
  });

  it('escapes every name and title, so markup in data stays text', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;owner&quot;)&lt;/script&gt;研究院, 济南; 分院\\实验室');
    expect(html).toContain('一种&lt;b&gt;加粗&lt;/b&gt;的装置');
    expect(html).not.toContain('<b>');
    expect(html).toContain('济南&quot;禾源&quot;茶业');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('lists every agenda item with its times and presenter, then the meetings as a slot × table grid', () => {
    const agendaRows = html.match(/<tr class="(opening|pitch|break|lunch|meeting)">/g)!;
    expect(agendaRows).toHaveLength(AGENDA.items.length);
    for (const item of AGENDA.items) expect(html).toContain(`<td class="time">${item.startTime}–${item.endTime}</td>`);
    expect(html).toContain('<td>山东农业大学（示例）</td>');
    expect(html).toContain('<th>1 号桌</th><th>2 号桌</th><th>3 号桌</th>');
    // A cancelled meeting is not printed.
    expect(html).not.toContain('HYPERLINK');
    expect(html).toContain('济南南山云雾茶厂（示例）<br>↔ 山东农业大学（示例）');
    expect(html).toContain('2025年4月18日（星期五）');
    expect(html).toContain('生成于 2025-03-01 10:00');
  });

  it('works without meetings', () => {
    const plain = agendaHtml({ roadshow: { id: 'x', title: '路演' }, agenda: AGENDA });
    expect(plain).not.toContain('一对一洽谈安排');
    expect(plain).toContain('<title>路演</title>');
  });
});
