import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it stands (WCAG 2.1 A/AA rules). */
async function seriousViolations(page: Page): Promise<string[]> {
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
