import { expect, passwords, test } from './fixtures';

test.describe('sign-in (SPEC §14)', () => {
  test('a wrong password is refused in Chinese and nothing opens', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('用户名').fill('branch');
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the branch secretary signs in, sees the workbench with the demo data, and signs out', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('用户名').fill('branch');
    await page.getByLabel('密码').fill(passwords().branch);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
    await expect(page.getByRole('banner').getByText('支部书记王建国（党支部）')).toBeVisible();
    // the demo's late talk is overdue from the first screen on
    await expect(page.getByText(/逾期/).first()).toBeVisible();
    // nothing of the password is kept in the browser
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toContain(passwords().branch);

    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/candidates');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('each role sees only its areas', async ({ page, signIn }) => {
    await signIn(page, 'branch');
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await expect(menu.getByText('表决')).toBeVisible();
    await expect(menu.getByText('账号管理')).toHaveCount(0);
    await expect(menu.getByText('发展计划')).toHaveCount(0);
  });
});
