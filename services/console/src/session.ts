import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiProblem, PatentBridgeApi, type Me, type Role } from './api.ts';

const STORAGE_KEY = 'patent-bridge.apiKey';

/** Who is signed in: the API bound to their key and what the server says the key is. */
export interface Session {
  api: PatentBridgeApi;
  me: Me;
  /** Whether `me` came from `GET /v1/me` (false: inferred, the role may be a guess). */
  confirmed: boolean;
}

/**
 * The key kept from an earlier visit (session storage, or local storage when remembered).
 *
 * @example
 * const key = storedKey(); // 'pb_…' or undefined
 */
export function storedKey(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? localStorage.getItem(STORAGE_KEY) ?? undefined;
}

/**
 * Keeps the key for this tab, or for this device when `remember` is set.
 *
 * @example
 * keepKey('pb_…', false);
 */
export function keepKey(key: string, remember: boolean): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  if (remember) localStorage.setItem(STORAGE_KEY, key);
}

/**
 * Forgets the key everywhere.
 *
 * @example
 * forgetKey();
 */
export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  localStorage.removeItem(STORAGE_KEY);
}

/**
 * Opens a session: asks `GET /v1/me` who the key is. On a server without that route, an admin key is
 * recognised by `GET /v1/keys`; any other key that the API accepts is shown every page.
 *
 * @example
 * const session = await openSession('pb_…'); // rejects with ApiProblem 401 on a wrong key
 */
export async function openSession(key: string): Promise<Session> {
  const api = new PatentBridgeApi(key);
  try {
    const me = await api.me();
    return { api, me, confirmed: true };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 404) throw error;
  }
  const isAdmin = await api.canListKeys();
  const role: Role = isAdmin ? 'admin' : 'broker';
  return { api, me: { role }, confirmed: isAdmin };
}

/**
 * Whether the signed-in key runs roadshows (brokers and admins).
 *
 * @example
 * if (managesRoadshows(me)) showPlanForm();
 */
export function managesRoadshows(me: Me): boolean {
  return me.permissions?.canManageRoadshows ?? (me.role === 'broker' || me.role === 'admin');
}

export const SessionContext = createContext<Session | null>(null);

/**
 * The signed-in session (pages render only inside a session).
 *
 * @example
 * const { api, me } = useSession();
 */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a session');
  return session;
}

/** Organisation id of the signed-in key, when it has one. */
export function organizationOf(me: Me): string | undefined {
  return me.organizationId ?? me.organization?.id ?? undefined;
}
