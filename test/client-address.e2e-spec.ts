import { startApp, TestApp } from './support/harness';

/**
 * SPEC §12: X-Forwarded-For counts only from the proxies TRUST_PROXY names. Played as the
 * client who sends a new X-Forwarded-For with each request to dodge the public rate limit.
 */
describe('client addresses and the public rate limit', () => {
  const burst = async (t: TestApp, forwardedFor: (i: number) => string, n = 10) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++)
      statuses.push((await t.http.get('/api/public/notices').set('X-Forwarded-For', forwardedFor(i))).status);
    return statuses;
  };

  it('ignores X-Forwarded-For by default: a new forged address per request still hits the limit', async () => {
    const t = await startApp({ PUBLIC_RATE_LIMIT: '5', LOG_LEVEL: 'warn' });
    try {
      expect(await burst(t, (i) => `203.0.113.${i}`)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('takes the client address from X-Forwarded-For when the request comes from a trusted proxy', async () => {
    const t = await startApp({ PUBLIC_RATE_LIMIT: '5', LOG_LEVEL: 'warn', TRUST_PROXY: 'loopback' });
    try {
      // ten clients behind the proxy
      expect(await burst(t, (i) => `203.0.113.${i}`)).toEqual(Array(10).fill(200));
      // one client
      expect(await burst(t, () => '198.51.100.7')).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('does not trust a proxy it was not told of', async () => {
    const t = await startApp({ PUBLIC_RATE_LIMIT: '5', LOG_LEVEL: 'warn', TRUST_PROXY: '10.0.0.0/8' });
    try {
      expect(await burst(t, (i) => `203.0.113.${i}`)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
