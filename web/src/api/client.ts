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

export const api = createClient<paths>({ baseUrl: '' });
api.use({
  onRequest({ request }) {
    const session = sessionStore.get();
    if (session) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('Authorization')) {
      sessionStore.clear();
      onSessionEnded();
    }
    return response;
  },
});

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
    throw new ApiError(0, 'NETWORK', '无法连接服务，请检查网络后重试');
  }
  if (answer.response.ok) return answer.data as T;
  const body = (answer.error ?? {}) as {
    code?: string;
    message?: string;
    violations?: Violation[];
    errors?: FieldError[];
  };
  throw new ApiError(
    answer.response.status,
    body.code ?? String(answer.response.status),
    body.message ?? '请求失败',
    body.violations ?? [],
    body.errors ?? [],
  );
}
