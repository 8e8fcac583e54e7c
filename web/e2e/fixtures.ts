import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export type DemoUser = 'admin' | 'department' | 'committee' | 'branch' | 'reviewer';

/** The demo users' passwords, from global-setup.ts. */
export const passwords = (): Record<DemoUser, string> => JSON.parse(process.env.E2E_USERS ?? '{}');

/** Signs in through the form (SPEC §14: 用户名, 密码, 登录) and waits for the workbench. */
async function signIn(page: Page, username: DemoUser): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(passwords()[username]);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
}

/** A token for setting the scene through the API (the console is what is tested, not the setup). */
export async function tokenOf(request: APIRequestContext, username: DemoUser): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { username, password: passwords()[username] } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations (WCAG 2.1 A/AA rules) on the page as it stands. axe is
 * injected as an inline script, which the service's Content-Security-Policy forbids: use it in a
 * context with `bypassCSP: true`.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe;
    return (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const test = base.extend<{ signIn: (page: Page, username: DemoUser) => Promise<void> }>({
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  signIn: async ({}, use) => use(signIn),
});
export { expect };
