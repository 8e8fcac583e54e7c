import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** A date `days` days and `months` months (and `years` years) from today, as YYYY-MM-DD in local time. */
function iso(offset: { years?: number; months?: number; days?: number }): string {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  if (offset.years) d.setFullYear(d.getFullYear() + offset.years);
  if (offset.months) d.setMonth(d.getMonth() + offset.months);
  if (offset.days) d.setDate(d.getDate() + offset.days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 2024-12-02 → 2024年12月2日, as the console shows dates. */
const zh = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Types a date into the date field labelled `label` (typed as YYYY-MM-DD, shown in Chinese). */
async function pickDate(scope: Page | Locator, label: string, date: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect(input).toHaveValue(zh(date));
}

/** The form item (label, control and its error) of the field labelled `label`. */
const field = (scope: Locator, label: string) =>
  scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });

/** Opens the form of a command from the candidate page by its button. */
async function open(page: Page, command: string): Promise<Locator> {
  await page.getByRole('button', { name: command, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function submit(dialog: Locator) {
  await dialog.getByRole('button', { name: '提交' }).click();
}

test.describe('candidates: from application to development object (SPEC §5, §14)', () => {
  test('the branch secretary walks a new applicant through the forms; a gate violation shows at its field', async ({
    page,
    signIn,
  }) => {
    const name = `测试${Date.now().toString(36).slice(-4)}`;
    const birth = iso({ years: -30, months: -2 });
    const applied = iso({ years: -2 });
    const talked = iso({ years: -2, days: 10 });
    const activist = iso({ years: -2, months: 1 });
    const activistFiled = iso({ years: -2, months: 1, days: 5 });
    const tooEarly = iso({ years: -2, months: 7 });
    const developed = iso({ years: -2, months: 14 });
    const developedFiled = iso({ years: -2, months: 14, days: 3 });

    await signIn(page, 'branch');

    // ── 新建入党申请 ───────────────────────────────────────────────────────────
    await page.getByRole('button', { name: '新建入党申请' }).click();
    await expect(page.getByRole('heading', { name: '新建入党申请', level: 2 })).toBeVisible();
    // the branch secretary's only branch is chosen already
    await expect(page.locator('.ant-select').filter({ hasText: '县教育局机关党支部' })).toBeVisible();
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('女').check();
    await pickDate(page, '出生日期', birth);
    await pickDate(page, '申请日期', applied);
    await page.getByLabel('民族').fill('汉族');
    await page.getByLabel('工作单位').fill('县第二中学');
    await page.getByRole('button', { name: '提交' }).click();

    // the candidate's page: an applicant, with the talk due
    await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
    await expect(page).toHaveURL(/\/candidates\/[0-9a-f-]{36}$/);
    await expect(page.getByText('入党谈话（收到申请一个月内）')).toBeVisible();
    const timeline = page.locator('.ant-card').filter({ hasText: '时间线' });
    await expect(timeline.getByText('提交入党申请')).toBeVisible();

    // ── 谈话: a date in the future is refused at the date field ───────────────────
    let dialog = await open(page, '谈话');
    await pickDate(dialog, '谈话日期', iso({ days: 3 }));
    await dialog.getByLabel('谈话人').fill('王建国');
    await submit(dialog);
    await expect(field(dialog, '谈话日期')).toContainText('晚于当前日期');
    await pickDate(dialog, '谈话日期', talked);
    await submit(dialog);
    await expect(dialog).toBeHidden();
    await expect(timeline.getByText('谈话人：王建国')).toBeVisible();

    // ── 确定为入党积极分子 ────────────────────────────────────────────────────────
    dialog = await open(page, '确定为入党积极分子');
    await pickDate(dialog, '确定日期', activist);
    await dialog.getByLabel('党员推荐').check();
    await pickDate(dialog, '报上级党委备案日期', activistFiled);
    await submit(dialog);
    await expect(dialog).toBeHidden();
    await expect(page.locator('.ant-tag').filter({ hasText: '入党积极分子' })).toBeVisible();

    // ── 确定为发展对象 before the year as activist: no cultivators yet, period too short ──
    dialog = await open(page, '确定为发展对象');
    await pickDate(dialog, '确定日期', tooEarly);
    await dialog.getByLabel('已听取党小组、培养联系人、党员和群众意见').check();
    await pickDate(dialog, '报上级党委备案日期', developedFiled);
    await submit(dialog);
    // ACTIVIST_PERIOD_TOO_SHORT in place, next to the date it concerns
    await expect(field(dialog, '确定日期')).toContainText('入党积极分子培养考察未满 12 个月');
    // CULTIVATOR_COUNT concerns no field of this form: listed above the buttons
    await expect(dialog.getByRole('alert')).toContainText('培养联系人应为 1 至 2 名');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(dialog).toBeHidden();

    // ── 指定培养联系人 from the branch roster ────────────────────────────────────
    dialog = await open(page, '指定培养联系人');
    await dialog.getByLabel('培养联系人').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '刘芳' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '吴霞' }).click();
    await dialog.getByText(`指定培养联系人 — ${name}`).click(); // closes the list
    await submit(dialog);
    await expect(dialog).toBeHidden();
    await expect(timeline.getByText('培养联系人：刘芳、吴霞')).toBeVisible();

    // ── 考察 (half-yearly) ──────────────────────────────────────────────────────
    dialog = await open(page, '考察');
    await pickDate(dialog, '考察日期', iso({ years: -2, months: 7 }));
    await dialog.getByLabel('好', { exact: true }).check();
    await dialog.getByLabel('考察意见').fill('学习积极，表现良好');
    await submit(dialog);
    await expect(dialog).toBeHidden();

    // ── 确定为发展对象, a year and more after becoming an activist ─────────────────
    dialog = await open(page, '确定为发展对象');
    await expect(dialog.getByText('按今天的情况，可以办理')).toBeVisible();
    await pickDate(dialog, '确定日期', developed);
    await dialog.getByLabel('已听取党小组、培养联系人、党员和群众意见').check();
    await pickDate(dialog, '报上级党委备案日期', developedFiled);
    await submit(dialog);
    await expect(dialog).toBeHidden();

    await expect(page.locator('.ant-tag').filter({ hasText: '发展对象' })).toBeVisible();
    const steps = page.locator('.ant-steps');
    await expect(steps).toContainText(zh(developed));
    await expect(timeline.getByText('确定为发展对象')).toBeVisible();
    // the next steps of a development object are offered
    await expect(page.getByRole('button', { name: '确定入党介绍人', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '政治审查', exact: true })).toBeVisible();

    // the list finds the new development object by name
    await page.getByRole('link', { name: '发展对象管理' }).first().click();
    await page.getByLabel('姓名').fill(name);
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('发展对象');
    await expect(row).toContainText(zh(applied));
  });

  test('a reviewer reads a candidate but is offered no forms', async ({ page, signIn }) => {
    await signIn(page, 'reviewer');
    await page.getByRole('link', { name: '发展对象管理' }).first().click();
    await expect(page.getByRole('button', { name: '新建入党申请' })).toHaveCount(0);
    await page.getByRole('link', { name: '郑雅琴' }).click();
    await expect(page.getByRole('heading', { name: '郑雅琴', level: 2 })).toBeVisible();
    await expect(page.locator('.ant-steps')).toContainText('预备党员');
    await expect(page.getByRole('button', { name: '入党宣誓' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: '更正个人信息' })).toHaveCount(0);
  });
});
