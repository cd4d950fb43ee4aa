import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api.ts';

/** A value being loaded from the API. */
export interface Loaded<T> {
  data: T | undefined;
  problem: ApiProblem | undefined;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

/**
 * Loads a value once its inputs change; keeps the last good value while reloading.
 *
 * @example
 * const stats = useLoad(() => api.inventoryStats(), []);
 * if (stats.problem) return <ProblemMessage problem={stats.problem} />;
 */
export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setProblem(undefined);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setProblem(asProblem(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, problem, loading, reload, set: setData };
}

/**
 * Any thrown value as an ApiProblem, so every failure shows the same way.
 *
 * @example
 * catch (error) { setProblem(asProblem(error)); }
 */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({ status: 0, code: 'client_error', detail: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs one user action at a time, exposing whether it is running and the problem it ended with.
 *
 * @example
 * const publish = useAction(() => api.moveRoadshow(id, 'publish'));
 * <button disabled={publish.running} onClick={() => publish.run()}>…</button>
 */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const run = async (...args: A): Promise<T | undefined> => {
    setRunning(true);
    setProblem(undefined);
    try {
      return await action(...args);
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setRunning(false);
    }
  };
  return { run, running, problem, clear: () => setProblem(undefined) };
}
