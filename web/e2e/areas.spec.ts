import { expect, test } from './fixtures';

const menu = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: '主菜单' });

test.describe('statistics, accounts and organizations in the console', () => {
  test('the statistics page draws its charts for the department', async ({ page, signIn }) => {
    await signIn(page, 'department');
    await menu(page).getByRole('link', { name: '统计' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '统计' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: '发展党员流程统计' })).toBeVisible();
    // ECharts draws on canvas: one for the stages, one for the year's steps, one for the structure.
    await expect(page.locator('main canvas')).toHaveCount(3);
    await expect(page.locator('main canvas').first()).toBeVisible();
    await expect(page.getByRole('cell', { name: '35岁以下' })).toBeVisible();
  });

  test('the administrator sees the demo accounts and creates one', async ({ page, signIn }) => {
    await signIn(page, 'admin');
    await menu(page).getByRole('link', { name: '账号管理' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '账号管理' })).toBeVisible();
    for (const username of ['admin', 'department', 'committee', 'branch', 'reviewer'])
      await expect(page.getByRole('link', { name: username, exact: true })).toBeVisible();

    const username = `clerk${Date.now().toString(36)}`;
    await page.getByRole('link', { name: '新建账号' }).click();
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('姓名').fill('测试文书');
    await page.getByLabel('所属组织').click();
    await page.locator('.ant-select-tree').getByText('县教育局机关党支部', { exact: true }).click();
    // Too short a password is refused before anything is sent.
    await page.getByLabel('初始密码').fill('short');
    await page.getByLabel('确认密码').fill('short');
    await page.getByRole('button', { name: '建立账号' }).click();
    await expect(page.getByText('密码至少 10 个字符').first()).toBeVisible();
    await page.getByLabel('初始密码').fill('a-long-password-1');
    await page.getByLabel('确认密码').fill('a-long-password-1');
    await page.getByRole('button', { name: '建立账号' }).click();

    await expect(page.getByRole('heading', { level: 2, name: `账号：测试文书（${username}）` })).toBeVisible();
    await expect(page.getByRole('cell', { name: '创建账号' })).toBeVisible();
    await page.getByRole('link', { name: '返回账号列表' }).click();
    await expect(page.getByRole('link', { name: username, exact: true })).toBeVisible();
  });

  test('a branch secretary does not see account management', async ({ page, signIn }) => {
    await signIn(page, 'branch');
    await expect(menu(page).getByRole('link', { name: '公示' })).toBeVisible();
    await expect(menu(page).getByRole('link', { name: '组织与花名册' })).toBeVisible();
    await expect(menu(page).getByText('账号管理')).toHaveCount(0);
  });

  test('the organizations page shows the demo tree and a branch roster', async ({ page, signIn }) => {
    await signIn(page, 'department');
    await menu(page).getByRole('link', { name: '组织与花名册' }).click();
    const tree = page.getByRole('navigation', { name: '组织树' });
    for (const name of ['示范县委组织部', '县直机关工委', '县教育局机关党支部', '城关镇党委', '城关社区党总支'])
      await expect(tree.getByText(name, { exact: true })).toBeVisible();
    await tree.getByText('县教育局机关党支部', { exact: true }).click();
    await expect(page.getByRole('heading', { level: 3, name: '县教育局机关党支部' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: '党员花名册' })).toBeVisible();
    await expect(page.getByRole('cell', { name: '刘芳', exact: true })).toBeVisible();
  });
});
