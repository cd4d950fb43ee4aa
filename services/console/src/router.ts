import { useEffect, useState } from 'preact/hooks';

/** The console's location: the part of the URL after `#`, split into path segments and a query. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

function currentRoute(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = raw.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/**
 * The current hash route; re-renders on every `hashchange`.
 *
 * @example
 * const { path } = useRoute(); // '#/demands/d1' → ['demands', 'd1']
 */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/**
 * The `href` of a console page.
 *
 * @example
 * href('patents', 'ZL 2010 1.X') // '#/patents/ZL%202010%201.X'
 */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Goes to a console page.
 *
 * @example
 * navigate('demands', demand.id);
 */
export function navigate(...segments: string[]): void {
  location.hash = href(...segments).slice(1);
}
