/**
 * The one client for the PX360 API: the access token lives only in this module's memory, a 401
 * refreshes the session once (the refresh token is an httpOnly cookie the browser sends to
 * /api/v1/auth only), and every error becomes an ApiError with the API's code and message.
 */
export interface TokenReply {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  idleTimeoutSeconds?: number;
}

export interface Page<T> {
  items: T[];
  /** Exact when totalExact is true; otherwise a lower bound (the API stops counting at 1,000). */
  total: number;
  totalExact?: boolean;
  limit: number;
  offset: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: { field: string; message: string }[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const CONSOLE_HEADER = { 'X-Requested-With': 'px360-console' };

let accessToken: string | null = null;
let refreshing: Promise<TokenReply | null> | null = null;
const renewedListeners = new Set<(reply: TokenReply) => void>();
const lostListeners = new Set<() => void>();

/** Called when a request renewed the session on the way (a new expiry to plan for). */
export function onSessionRenewed(listener: (reply: TokenReply) => void): () => void {
  renewedListeners.add(listener);
  return () => renewedListeners.delete(listener);
}

/** Called when the API no longer renews the session (revoked, expired). */
export function onSessionLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

export function setSession(reply: TokenReply | null): void {
  accessToken = reply?.accessToken ?? null;
}

export function hasSession(): boolean {
  return accessToken !== null;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; fields?: { field: string; message: string }[] } } = {};
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? response.statusText,
    body.error?.fields,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

async function renewOnce(): Promise<TokenReply | null> {
  try {
    const response = await fetch('/api/v1/auth/session/refresh', { method: 'POST', headers: CONSOLE_HEADER, credentials: 'same-origin' });
    if (!response.ok) return null;
    return (await response.json()) as TokenReply;
  } catch {
    return null;
  }
}

/**
 * A new access token from the refresh cookie, or null when there is no valid session. Every tab
 * shares the one cookie, and a refresh token used twice revokes the session (reuse detection): so
 * tabs renew one at a time, under a lock of the browser's (Web Locks), each sending the cookie the
 * previous one was given. Where the browser has no Web Locks (a plain-http address that is not
 * localhost), a tab renews on its own.
 */
export function refreshSession(): Promise<TokenReply | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  refreshing ??= ((locks ? locks.request('px360-session-refresh', renewOnce) : renewOnce()) as Promise<TokenReply | null>).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function signInRequest(email: string, password: string): Promise<TokenReply> {
  const response = await fetch('/api/v1/auth/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CONSOLE_HEADER },
    credentials: 'same-origin',
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as TokenReply;
}

export async function signOutRequest(): Promise<void> {
  try {
    await fetch('/api/v1/auth/session', { method: 'DELETE', headers: CONSOLE_HEADER, credentials: 'same-origin' });
  } catch {
    // offline: the token is dropped from memory all the same
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const send = () =>
    fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  let response = await send();
  if (response.status === 401 && accessToken) {
    const renewed = await refreshSession();
    setSession(renewed);
    if (!renewed) {
      for (const listener of lostListeners) listener();
      throw await errorOf(response);
    }
    for (const listener of renewedListeners) listener(renewed);
    response = await send();
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query));
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
