import { useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';

/**
 * One facet of a search answer as toggle buttons, each with its count, largest first. Pressing a
 * value filters by it; pressing the chosen value again clears the filter. The chosen value stays
 * listed even when the answer has no count for it, so it can always be cleared.
 *
 * @example
 * <FacetGroup name="chain" title="产业链" counts={answer.facets.chain} chosen={chain}
 *   label={(id) => chainName(id)} onToggle={(id) => setChain(chain === id ? '' : id)} />
 */
export function FacetGroup({
  name,
  title,
  counts,
  chosen,
  label,
  onToggle,
  shown = 10,
}: {
  name: string;
  title: string;
  counts: Record<string, number> | undefined;
  chosen: string;
  label: (value: string) => string;
  onToggle: (value: string) => void;
  /** How many values to list before a "show all" button. */
  shown?: number;
}) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const entries: [string, number | undefined][] = Object.entries(counts ?? {})
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (chosen && !entries.some(([value]) => value === chosen)) entries.unshift([chosen, undefined]);
  if (entries.length === 0) return null;
  const listed = all ? entries : entries.slice(0, shown);
  const headingId = `facet-${name}-title`;
  return (
    <div class="facet-group" role="group" aria-labelledby={headingId} data-testid={`facet-${name}`}>
      <h3 id={headingId}>{title}</h3>
      <ul>
        {listed.map(([value, count]) => (
          <li key={value}>
            <button type="button" class="facet" aria-pressed={value === chosen} data-value={value} onClick={() => onToggle(value)}>
              <span class="facet-label">{label(value)}</span>
              {count !== undefined && <> <span class="facet-count">{count}</span></>}
            </button>
          </li>
        ))}
      </ul>
      {entries.length > shown && (
        <button type="button" class="link" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('patents.facetLess') : t('patents.facetMore', { n: entries.length })}
        </button>
      )}
    </div>
  );
}
