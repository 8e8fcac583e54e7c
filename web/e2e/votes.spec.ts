import type { Page } from '@playwright/test';
import { expect, seriousViolations, test } from './fixtures';

/** Everything the browser keeps for this origin, as one string. */
const kept = (page: Page) =>
  page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);

/**
 * SPEC §7.3, §14: an electronic secret ballot from the console to a phone and back. The demo's
 * pre-reviewed development object (吴俊杰) is put to a mass assessment by the branch with one
 * expected attendee, so that the one approving ballot passes and he stays a development object.
 */
test('an electronic vote: slips with QR codes and the tellers’ key, a ballot on a phone, the close and the printed result', async ({
  page,
  browser,
  baseURL,
  signIn,
}) => {
  test.setTimeout(180_000); // one whole meeting: console, phone, console
  await signIn(page, 'branch');

  // ── create: a gate violation is shown by the candidate's name, then the vote opens ──
  await page.goto('/votes');
  await page.getByRole('button', { name: '发起表决' }).click();
  await expect(page.getByRole('heading', { name: '发起表决', level: 2 })).toBeVisible();
  await page.getByLabel('应到会人数').fill('1');
  await page.getByRole('checkbox', { name: '选择 吴俊杰' }).check();
  await page.getByRole('checkbox', { name: '选择 周子涵' }).check(); // not pre-reviewed in the demo
  await page.getByRole('button', { name: '发起表决' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '周子涵' })).toContainText('周子涵：尚未经上级党委预审合格');
  await page.getByRole('checkbox', { name: '选择 周子涵' }).uncheck();
  await page.getByRole('button', { name: '发起表决' }).click();
  await expect(page).toHaveURL(/\/votes\/[0-9a-f-]{36}$/);
  const voteUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 2 })).toContainText('党外群众民主测评表决（接收预备党员）');
  await expect(page.getByText('进行中')).toBeVisible();

  // ── issue one paper: the slips page shows the code, its QR code and the tellers' key, once ──
  await page.getByLabel('发放张数').fill('1');
  await page.getByRole('button', { name: '发放选票并打印' }).click();
  await expect(page).toHaveURL(/\/slips$/);
  await expect(page.getByRole('heading', { name: '打印选票' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '只显示这一次' })).toBeVisible();
  const slips = page.getByRole('article', { name: '选票' });
  await expect(slips).toHaveCount(1);
  const code = (await slips.locator('.slip-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  const qr = slips.getByRole('img', { name: `选票码 ${code} 的二维码` });
  await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml/);
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const sheet = page.getByRole('region', { name: '监票人开箱密钥' });
  await expect(sheet.getByRole('heading', { name: '监票人开箱密钥' })).toBeVisible();
  await expect(sheet).toContainText('监票人开箱密钥，闭会开箱时输入');
  const tallyKey = (await sheet.getByRole('group', { name: '开箱密钥' }).textContent())!.trim();
  expect(tallyKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){12}$/);
  // the key sheet starts a page of its own when printed
  expect(await sheet.evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
  // neither the codes nor the key are kept: not in storage, not in the history entry
  expect(await kept(page)).not.toContain(code);
  expect(await kept(page)).not.toContain(tallyKey);
  expect(JSON.stringify(await page.evaluate(() => history.state))).not.toContain(code);
  page.once('dialog', (dialog) => void dialog.accept()); // "leave this page?" (nothing printed)
  await page.reload();
  await expect(page.getByText('选票码只在发放时显示一次')).toBeVisible();

  // ── the ballot, on a phone ──
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL, bypassCSP: true });
  const ballot = await phone.newPage();
  await ballot.goto(`/vote?code=${code}`);
  await expect(ballot.getByRole('heading', { name: '电子投票', level: 1 })).toBeVisible();
  await expect(ballot.getByLabel('选票码')).toHaveValue(code);
  await expect(ballot).not.toHaveURL(/code=/); // the code leaves the address bar at once
  await ballot.getByRole('button', { name: '下一步' }).click();
  const candidate = ballot.getByRole('group', { name: '吴俊杰' });
  await expect(candidate).toBeVisible();
  await expect(ballot.getByRole('heading', { level: 2 })).toContainText('党外群众民主测评表决');
  await candidate.getByRole('radio', { name: '同意', exact: true }).check();
  expect(await seriousViolations(ballot)).toEqual([]);
  await ballot.getByRole('button', { name: '下一步' }).click();
  await expect(ballot.getByRole('heading', { name: '请核对您的选择' })).toBeVisible();
  await expect(ballot.getByRole('listitem').filter({ hasText: '吴俊杰' })).toContainText('同意');
  await ballot.getByRole('button', { name: '提交选票' }).click();
  await expect(ballot.getByText('回执', { exact: true })).toBeVisible();
  const receipt = (await ballot.locator('output').textContent())!.trim();
  expect(receipt).toMatch(/^[0-9A-Z]{16}$/);
  expect(await seriousViolations(ballot)).toEqual([]);
  // nothing of the choice stays in the browser
  expect(await kept(ballot)).toBe('{}{}');
  expect(await phone.cookies()).toEqual([]);
  await expect(ballot.getByRole('radio')).toHaveCount(0);

  // a used code, and an unknown one, are refused in plain Chinese
  const again = await phone.newPage();
  await again.goto(`/vote?code=${code}`);
  await again.getByRole('button', { name: '下一步' }).click();
  await expect(again.getByRole('alert')).toHaveText('该选票码已使用');
  await again.getByLabel('选票码').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
  await again.getByRole('button', { name: '下一步' }).click();
  await expect(again.getByRole('alert')).toHaveText('选票码不存在，请核对');
  await phone.close();

  // ── back in the console: turnout, then the close with the tellers' key ──
  await page.goto(voteUrl);
  await expect(page.locator('.ant-statistic').filter({ hasText: '已投票' })).toContainText('1');
  const keyField = page.getByLabel('开箱密钥');
  await keyField.fill('AAAA-BBBB-CCCC-DDDD');
  await page.getByRole('button', { name: '结束表决并计票' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '结束表决', exact: true }).click();
  const wrongKey = page.getByText('开箱密钥不正确', { exact: false });
  await expect(wrongKey).toBeVisible();
  await expect(page.getByText('进行中')).toBeVisible();
  await keyField.fill(tallyKey);
  await expect(wrongKey).toHaveCount(0); // the message goes once the field changes (the button moves up)
  await page.getByRole('button', { name: '结束表决并计票' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '结束表决', exact: true }).click();
  await expect(page.getByRole('heading', { name: '表决结果' })).toBeVisible();
  const line = page.getByRole('row').filter({ hasText: '吴俊杰' });
  await expect(line).toContainText('通过');
  await expect(line).toContainText('已生效');

  // ── the printed result ──
  await page.getByRole('button', { name: '打印票决情况' }).click();
  await expect(page).toHaveURL(/\/result$/);
  await expect(page.getByRole('heading', { level: 2 })).toContainText('票决情况');
  const row = page.getByRole('row').filter({ hasText: '吴俊杰' });
  await expect(row).toContainText('通过');
  await expect(row.getByRole('cell').nth(1)).toHaveText('1'); // one approval
  await expect(page.getByRole('heading', { name: /回执清单（共 1 张/ })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: receipt })).toHaveCount(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
});
