import type { TestApp } from './harness';

/** A JSON body as tests read it: by path, asserted by the expectation that follows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
}

type Headers = Record<string, string>;

/**
 * The one HTTP client of the tests: a caller's token, the method and path, the body.
 * `ok()` expects a status (201 by default) and throws with the body otherwise, so setup
 * steps read as a list of what happens. A body of `null` sends none at all; `headers` are
 * set after the caller's token.
 */
export class Client {
  constructor(
    private readonly t: TestApp,
    readonly token: string,
  ) {}

  get<T = Json>(url: string, headers: Headers = {}): Promise<Reply<T>> {
    return this.send<T>('get', url, null, headers);
  }

  post<T = Json>(url: string, body: object | null = {}, headers: Headers = {}): Promise<Reply<T>> {
    return this.send<T>('post', url, body, headers);
  }

  patch<T = Json>(url: string, body: object | null = {}, headers: Headers = {}): Promise<Reply<T>> {
    return this.send<T>('patch', url, body, headers);
  }

  /** POST (or `method`) and expect `status`; the body. */
  async ok<T = Json>(url: string, body: object = {}, status = 201, method: 'post' | 'patch' = 'post'): Promise<T> {
    const res = await this[method]<T>(url, body);
    if (res.status !== status) {
      const got = JSON.stringify(res.body).slice(0, 2000);
      throw new Error(`${method.toUpperCase()} ${url} → ${res.status}: ${got}`);
    }
    return res.body;
  }

  private async send<T>(method: 'get' | 'post' | 'patch', url: string, body: object | null, headers: Headers) {
    const req = this.t.http[method](url).set('Authorization', `Bearer ${this.token}`).set(headers);
    const res = await (body === null ? req : req.send(body));
    return { status: res.status, body: res.body as T } satisfies Reply<T>;
  }
}

/** The violation codes of a 422, sorted. */
export const codes = (body: { violations?: { code: string }[] }) => (body.violations ?? []).map((v) => v.code).sort();
