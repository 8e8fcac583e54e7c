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

export const test = base.extend<{ signIn: (page: Page, username: DemoUser) => Promise<void> }>({
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  signIn: async ({}, use) => use(signIn),
});
export { expect };
