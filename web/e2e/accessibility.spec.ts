import { expect, seriousViolations, test } from './fixtures';

// axe is injected as an inline script, which the service's Content-Security-Policy forbids.
test.use({ bypassCSP: true });

test.describe('accessibility (axe-core: no serious or critical violations)', () => {
  test('the sign-in page', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByLabel('用户名')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the workbench', async ({ page, signIn }) => {
    await signIn(page, 'committee');
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the ballot page on a phone', async ({ browser, baseURL }) => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL, bypassCSP: true });
    const page = await phone.newPage();
    await page.goto('/vote');
    await expect(page.getByLabel('选票码')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await phone.close();
  });
});
