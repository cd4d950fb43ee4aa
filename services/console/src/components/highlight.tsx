/**
 * Renders a search highlight (`…<em>茶叶</em>…`) as text with `<mark>` around the matched words;
 * any other markup in it is shown as text, never parsed.
 *
 * @example
 * <Highlight text="<em>茶叶</em>包装盒" /> // <mark>茶叶</mark>包装盒
 */
export function Highlight({ text }: { text: string }) {
  const parts = text.split(/<\/?em>/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}</>;
}
