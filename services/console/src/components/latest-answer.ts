import { useRef, useState } from 'preact/hooks';
import type { ApiProblem } from '../api.ts';
import { asProblem } from './async.ts';

/**
 * Runs requests of which only the newest counts: an answer (or failure) that arrives after a newer
 * request started is dropped, so a slow answer to an old query never overwrites a newer one.
 * `run` resolves to the answer, or to undefined when it failed or was superseded.
 *
 * @example
 * const search = useLatestAnswer((q: string) => api.search({ q }));
 * const answer = await search.run('杀青');
 * if (answer) setHits(answer.hits);
 */
export function useLatestAnswer<A extends unknown[], T>(request: (...args: A) => Promise<T>) {
  const latest = useRef(0);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const run = async (...args: A): Promise<T | undefined> => {
    const ticket = ++latest.current;
    setRunning(true);
    try {
      const answer = await request(...args);
      if (ticket !== latest.current) return undefined;
      setProblem(undefined);
      return answer;
    } catch (error) {
      if (ticket === latest.current) setProblem(asProblem(error));
      return undefined;
    } finally {
      if (ticket === latest.current) setRunning(false);
    }
  };
  /** Drops whatever is in flight (its answer will be ignored). */
  const forget = () => {
    latest.current++;
    setRunning(false);
  };
  return { run, running, problem, forget };
}
