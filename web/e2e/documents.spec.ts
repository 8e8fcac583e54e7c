import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, seriousViolations, test, tokenOf } from './fixtures';

/** A date `years` years and `months` months from today, as YYYY-MM-DD. */
function iso({ years = 0, months = 0 }: { years?: number; months?: number }): string {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setFullYear(d.getFullYear() + years, d.getMonth() + months);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Clicks `button` and saves what it downloads under the test's output folder: its name and its bytes. */
async function downloadBy(page: Page, button: string, path: string): Promise<{ name: string; bytes: Buffer }> {
  const [file]: [Download, void] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** .xlsx and .docx are zip archives: they start with "PK". */
const isZip = (bytes: Buffer) => bytes.subarray(0, 2).toString('latin1') === 'PK';

test.describe('importing applicants (SPEC §15)', () => {
  // axe is injected as an inline script, which the service's Content-Security-Policy forbids.
  test.use({ bypassCSP: true });

  test('a branch imports applicants from a CSV: the check lists the bad row by row and column; the fixed file goes in', async ({
    page,
    signIn,
  }) => {
    const tag = `导${Date.now().toString(36).slice(-5)}`;
    const names = ['甲', '乙', '丙'].map((n) => `${tag}${n}`);
    const csv = (file: string, secondBirth: string) => {
      const lines = [
        ['姓名', '性别', '出生日期', '申请日期', '民族', '学历', '工作单位'],
        [names[0], '男', iso({ years: -30 }), iso({ months: -1 }), '汉族', '大学本科', '县第一中学'],
        [names[1], '女', secondBirth, iso({ months: -1 }), '回族', '高中', '县第二中学'],
        [names[2], '女', iso({ years: -25 }), iso({ months: -2 }), '汉族', '大学专科', '县人民医院'],
      ];
      // In memory, as a browser holds a chosen file (Chromium reads a path-backed File lazily, at send time).
      return {
        name: file,
        mimeType: 'text/csv',
        buffer: Buffer.from(lines.map((l) => l.join(',')).join('\r\n') + '\r\n'),
      };
    };

    await signIn(page, 'branch');
    await page.getByRole('link', { name: '发展对象管理' }).first().click();
    await page.getByRole('button', { name: '导入申请人' }).click();
    const dialog = page.getByRole('dialog', { name: '导入申请人' });
    await expect(dialog).toBeVisible();
    // the branch secretary's only branch is chosen already
    await expect(dialog.getByText('县教育局机关党支部')).toBeVisible();
    const fileInput = dialog.locator('input[type=file]');
    const importButton = dialog.getByRole('button', { name: '导入', exact: true });

    // ── row 3 (the second applicant) is ten years old: the check names the row and the column ──
    await fileInput.setInputFiles(csv('applicants-bad.csv', iso({ years: -10 })));
    await expect(importButton).toBeDisabled();
    await dialog.getByRole('button', { name: '检查', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('共 3 行，其中 2 行无误');
    const problems = dialog.getByRole('table', { name: '检查发现的问题' });
    await expect(problems.getByRole('row')).toHaveCount(2); // the header and the one problem
    const cells = problems.getByRole('row').nth(1).getByRole('cell');
    await expect(cells.nth(0)).toHaveText('3');
    await expect(cells.nth(1)).toHaveText('出生日期');
    await expect(cells.nth(2)).toContainText('18');
    await expect(importButton).toBeDisabled();
    expect(await seriousViolations(page)).toEqual([]);

    // ── the fixed file: a clean check, then the import ──
    await fileInput.setInputFiles(csv('applicants-fixed.csv', iso({ years: -20 })));
    await expect(problems).toBeHidden(); // a check speaks of the file it read
    await expect(importButton).toBeDisabled();
    await dialog.getByRole('button', { name: '检查', exact: true }).click();
    await expect(dialog.getByRole('status')).toContainText('检查通过：共 3 行，均可导入');
    await importButton.click();
    await expect(page.getByText('已导入 3 行')).toBeVisible();
    await expect(dialog).toBeHidden();

    // the list finds the three new applicants
    await page.getByLabel('姓名').fill(tag);
    await page.getByRole('button', { name: '查询' }).click();
    for (const name of names) {
      await expect(page.getByRole('row').filter({ hasText: name })).toContainText('入党申请人');
    }
  });
});

test('exports and documents download as Office files under their Chinese names', async ({ page, signIn }, testInfo) => {
  await signIn(page, 'branch');
  await page.getByRole('link', { name: '发展对象管理' }).first().click();
  await page.getByLabel('阶段').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '入党积极分子' }).click();
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page).toHaveURL(/stage=activist/);

  const list = await downloadBy(page, '导出 Excel', testInfo.outputPath('candidates.xlsx'));
  expect(list.name).toMatch(/^[^%]*[\u4e00-\u9fff][^%]*\.xlsx$/); // decoded from filename*=UTF-8''…
  expect(isZip(list.bytes)).toBe(true);

  await page.getByRole('table').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
  const record = await downloadBy(page, '下载全程纪实表', testInfo.outputPath('record.docx'));
  expect(record.name).toMatch(/^[^%]*[\u4e00-\u9fff][^%]*\.docx$/);
  expect(isZip(record.bytes)).toBe(true);
});

test('the public notice page prints on one A4 page (SPEC §15)', async ({ page, request }) => {
  const token = await tokenOf(request, 'admin');
  const res = await request.get('/api/publicity?limit=100', { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: { id: string; status: string; candidateCount: number }[] };
  expect(items.length).toBeGreaterThan(0);
  // an open notice (its page carries the complaint form, which is not printed), the longest first
  const [notice] = items.sort(
    (a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.candidateCount - a.candidateCount,
  );

  await page.goto(`/notices/${notice.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
  // each page is one object of /Type /Page (the page tree is /Type /Pages)
  expect(pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).toHaveLength(1);
});

test('a candidate’s page printed from the browser: no menu, no header, no buttons', async ({ page, signIn }) => {
  await signIn(page, 'branch');
  await page.getByRole('link', { name: '发展对象管理' }).first().click();
  await page.getByRole('table').getByRole('link').first().click();
  const heading = page.getByRole('heading', { level: 2 });
  await expect(heading).toBeVisible();
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await expect(menu).toBeVisible();
  await expect(page.getByRole('button', { name: '打印' })).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  await expect(menu).toBeHidden();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeHidden();
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(page.getByRole('button', { name: '下载全程纪实表' })).toBeHidden();
  await expect(heading).toBeVisible();
  const timeline = page.locator('.ant-card').filter({ hasText: '时间线' });
  await expect(timeline).toBeVisible();
  // on paper as wide as A4's printable width, the timeline fits: no column cut off at the right
  await page.setViewportSize({ width: 700, height: 990 });
  const [table, card] = [await timeline.locator('table').first().boundingBox(), await timeline.boundingBox()];
  expect(table!.x + table!.width).toBeLessThanOrEqual(card!.x + card!.width);
});
