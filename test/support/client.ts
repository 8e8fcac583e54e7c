import type { TestApp } from './harness';

/** A JSON body as tests read it: by path, asserted by the expectation that follows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
}

/**
 * The one HTTP client of the tests: a caller's token, the method and path, the body.
 * `ok()` expects a status (201 by default) and throws with the body otherwise, so setup
 * steps read as a list of what happens.
 */
export class Client {
  constructor(
    private readonly t: TestApp,
    readonly token: string,
  ) {}

  async get<T = Json>(url: string): Promise<Reply<T>> {
    const res = await this.t.http.get(url).set('Authorization', `Bearer ${this.token}`);
    return { status: res.status, body: res.body as T };
  }

  async post<T = Json>(url: string, body: object = {}): Promise<Reply<T>> {
    const res = await this.t.http.post(url).set('Authorization', `Bearer ${this.token}`).send(body);
    return { status: res.status, body: res.body as T };
  }

  async patch<T = Json>(url: string, body: object = {}): Promise<Reply<T>> {
    const res = await this.t.http.patch(url).set('Authorization', `Bearer ${this.token}`).send(body);
    return { status: res.status, body: res.body as T };
  }

  /** POST (or `method`) and expect `status`; the body. */
  async ok<T = Json>(url: string, body: object = {}, status = 201, method: 'post' | 'patch' = 'post'): Promise<T> {
    const res = await this[method]<T>(url, body);
    if (res.status !== status)
      throw new Error(`${method.toUpperCase()} ${url} → ${res.status}: ${JSON.stringify(res.body).slice(0, 2000)}`);
    return res.body;
  }
}

/** The violation codes of a 422, sorted. */
export const codes = (body: { violations?: { code: string }[] }) => (body.violations ?? []).map((v) => v.code).sort();
