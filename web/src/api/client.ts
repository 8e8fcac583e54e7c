import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's types, generated from its OpenAPI document (`npm run api:types`). */
export type Schemas = components['schemas'];
export type { paths };

export interface Violation {
  code: string;
  message: string;
}
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An answer other than 2xx: its status, its code, and every field error or violation it lists. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly violations: Violation[] = [],
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'admissions.session';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: 'admin' | 'department' | 'committee' | 'branch' | 'reviewer';
  orgId: string | null;
}
export interface Session {
  accessToken: string;
  expiresAt: string;
  user: SessionUser;
}

/** The signed-in session, kept for this browser tab only (sessionStorage), never the password. */
export const sessionStore = {
  get(): Session | null {
    const raw = sessionStorage.getItem(TOKEN_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return new Date(session.expiresAt) > new Date() ? session : null;
  },
  set(session: Session): void {
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Called when the service says the session has ended (401): the app goes back to sign-in. */
let onSessionEnded: () => void = () => undefined;
export const whenSessionEnds = (handler: () => void) => (onSessionEnded = handler);

/** The session's token on a request, and the end of the session when the service answers 401. */
function withSession(request: Request): Request {
  const session = sessionStore.get();
  if (session) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
  return request;
}
function watchSession(response: Response, request: Request): Response {
  if (response.status === 401 && request.headers.has('Authorization')) {
    sessionStore.clear();
    onSessionEnded();
  }
  return response;
}

/** The JSON API; files (spreadsheets, documents, uploads) go through `send`. */
export const api = createClient<paths, 'application/json'>({ baseUrl: '' });
api.use({
  onRequest: ({ request }) => withSession(request),
  onResponse: ({ response, request }) => watchSession(response, request),
});

const networkError = () => new ApiError(0, 'NETWORK', '无法连接服务，请检查网络后重试');

/** What the service said in an answer other than 2xx (`{ statusCode, code, message, errors?, violations? }`). */
function apiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { code?: string; message?: string; violations?: Violation[]; errors?: FieldError[] };
  return new ApiError(status, b.code ?? String(status), b.message ?? '请求失败', b.violations ?? [], b.errors ?? []);
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a 2xx answer, or an ApiError with everything the service said. */
export async function ok<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch {
    throw networkError();
  }
  if (answer.response.ok) return answer.data as T;
  throw apiError(answer.response.status, answer.error);
}

/**
 * A request the typed client does not describe (a file to download, a multipart upload), sent
 * with the session as `api` sends it: the 2xx response, or an ApiError.
 */
export async function send(path: string, init?: RequestInit): Promise<Response> {
  const request = withSession(new Request(path, init));
  let response: Response;
  try {
    response = watchSession(await fetch(request), request);
  } catch {
    throw networkError();
  }
  if (response.ok) return response;
  throw apiError(response.status, await response.json().catch(() => undefined));
}
