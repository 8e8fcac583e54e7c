import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, tokenOf } from './fixtures';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const shoot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });

test.describe.configure({ mode: 'serial' });

test('sign-in and the workbench', async ({ page, signIn }) => {
  await page.goto('/login');
  await expect(page.getByLabel('用户名')).toBeVisible();
  await shoot(page, 'sign-in');
  await signIn(page, 'branch');
  await page.waitForLoadState('networkidle');
  await shoot(page, 'workbench');
});

test("a candidate's page", async ({ page, signIn }) => {
  await signIn(page, 'branch');
  await page.goto('/candidates');
  await page.getByRole('link', { name: '吴俊杰' }).first().click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('吴俊杰');
  await page.waitForLoadState('networkidle');
  await shoot(page, 'candidate');
});

test('statistics', async ({ page, signIn }) => {
  await signIn(page, 'department');
  await page.goto('/statistics');
  await expect(page.locator('canvas').first()).toBeVisible();
  await page.waitForTimeout(1500); // the charts' entry animation
  await shoot(page, 'statistics');
});

test('a vote: slips, the ballot page on a phone, the printed result', async ({
  page,
  browser,
  baseURL,
  signIn,
  request,
}) => {
  const token = await tokenOf(request, 'branch');
  const headers = { Authorization: `Bearer ${token}` };
  const find = await request.get('/api/candidates?q=吴俊杰', { headers });
  const candidate = ((await find.json()) as { items: { id: string; orgId: string }[] }).items[0];
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const created = await request.post('/api/votes', {
    headers,
    data: {
      level: 'mass_assessment',
      purpose: 'admission',
      orgId: candidate.orgId,
      meetingDate: today,
      candidateIds: [candidate.id],
      mode: 'electronic',
      expected: 12,
    },
  });
  expect(created.status()).toBe(201);
  const vote = (await created.json()) as { id: string };

  await signIn(page, 'branch');
  await page.goto(`/votes/${vote.id}`);
  await page.getByLabel('发放张数').fill('12');
  await page.getByRole('button', { name: '发放选票并打印' }).click();
  await expect(page.getByRole('heading', { name: '打印选票' })).toBeVisible();
  const codes = (await page.locator('.slip-code').allTextContents()).map((c) => c.trim());
  const sheet = page.getByRole('region', { name: '监票人开箱密钥' });
  const tallyKey = (await sheet.getByRole('group', { name: '开箱密钥' }).textContent())!.trim();
  await shoot(page, 'ballot-slips');

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL, deviceScaleFactor: 2 });
  const ballot = await phone.newPage();
  await ballot.goto(`/vote?code=${codes[0]}`);
  await ballot.getByRole('button', { name: '下一步' }).click();
  await ballot.getByRole('group', { name: '吴俊杰' }).getByRole('radio', { name: '同意', exact: true }).check();
  await ballot.screenshot({ path: `${SHOTS}ballot-page.png` });
  await phone.close();

  for (const [i, code] of codes.slice(0, 10).entries()) {
    const choice = i < 9 ? 'approve' : 'abstain';
    const cast = await request.post('/api/ballots', { data: { code, choices: { [candidate.id]: choice } } });
    expect(cast.status()).toBe(201);
  }
  const closed = await request.post(`/api/votes/${vote.id}/close`, { headers, data: { tallyKey } });
  expect(closed.status()).toBe(201);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.goto(`/votes/${vote.id}/result`);
  await expect(page.getByRole('heading', { level: 2 })).toContainText('票决情况');
  await shoot(page, 'vote-result');
});

test('accounts', async ({ page, signIn }) => {
  await signIn(page, 'admin');
  await page.goto('/users');
  await page.waitForLoadState('networkidle');
  await shoot(page, 'users');
});
