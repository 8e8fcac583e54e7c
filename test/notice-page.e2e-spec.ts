import { Browser, chromium } from 'playwright-core';
import { Client } from './support/client';
import { startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';

/** Debian's chromium (apt-get install chromium); no browser download. */
const CHROMIUM = '/usr/bin/chromium';
const at = (date: string) => `${date}T02:00:00.000Z`;

/** A candidate walked by HTTP to development object with introducers, political review and training. */
async function developmentObject(t: TestApp, tree: OrgTree, person: object): Promise<string> {
  const branch = new Client(t, tree.branch.token);
  const post = (url: string, body: object) => branch.ok<{ id: string }>(url, body);
  const { id } = await post('/api/candidates', {
    orgId: tree.branch.id,
    gender: 'female',
    birthDate: '1996-07-21',
    applicationDate: '2024-09-01',
    ...person,
  });
  const c = `/api/candidates/${id}`;
  await post(`${c}/talk`, { date: '2024-09-10', by: '党员1' });
  await post(`${c}/activist`, { date: '2024-10-01', recommendation: 'members', committeeFiledOn: '2024-10-05' });
  await post(`${c}/cultivators`, { memberIds: [tree.members[0].id] });
  await post(`${c}/development-object`, { date: '2025-10-10', opinionsHeard: true, committeeFiledOn: '2025-10-12' });
  await post(`${c}/introducers`, { memberIds: [tree.members[1].id, tree.members[2].id] });
  await post(`${c}/political-review`, { date: '2025-11-01', result: 'passed' });
  await post(`${c}/training`, { startDate: '2025-11-10', endDate: '2025-11-12', days: 3, hours: 24, passed: true });
  return id;
}

describe('the notice page in a browser (SPEC §6)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let committee: Client;
  let branch: Client;
  let browser: Browser;
  let base: string;
  let noticeId: string;
  let candidateId: string;

  beforeAll(async () => {
    t = await startApp({ PUBLIC_RATE_LIMIT: '10000' });
    t.clock.set(at('2026-03-25'));
    base = await t.listen();
    tree = await orgTree(t);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    candidateId = await developmentObject(t, tree, {
      name: '刘<b>小</b>红',
      education: '大学本科',
      workUnit: '县医院"><script>window.__pwned=1</script>',
    });
    const res = await branch.post('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'admission',
      candidateIds: [candidateId],
      startDate: '2026-03-25',
      channels: { phone: '0571-88886666', online: true },
    });
    noticeId = res.body.id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('shows the notice, takes a complaint through the form, and shows the tracking code', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/notices/${noticeId}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    // helmet's Content-Security-Policy: code from this origin only, none inline — the form below works under it
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(await response!.text()).not.toMatch(/<script>|<style>/);
    expect(await page.title()).toBe('关于刘<b>小</b>红同志拟发展为中共预备党员的公示');
    expect(await page.locator('h1').innerText()).toBe('关于刘<b>小</b>红同志拟发展为中共预备党员的公示');
    const article = await page.locator('article').innerText();
    expect(article).toContain(
      '刘<b>小</b>红，女，1996年7月生，大学本科学历，县医院"><script>window.__pwned=1</script>。',
    );
    expect(article).toContain('公示时间：2026年3月25日至2026年3月31日（共7天）。');
    expect(article).toContain('联系电话：0571-88886666');
    expect(article).not.toContain('1996-07-21');
    // user data is text, never markup
    expect(await page.locator('article b').count()).toBe(0);
    // a string: the test tsconfig has no DOM types
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');

    await page.selectOption('#candidateId', candidateId);
    await page.fill('#content', '该同志在单位考勤中存在弄虚作假的问题，请核实。');
    await page.fill('#contact', '13900000000');
    await page.click('#complaint-form button[type=submit]');
    const code = (await page.locator('#tracking-code').innerText({ timeout: 10000 })).trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    expect(await page.locator('#complaint-result').innerText()).toContain('2026年4月1日');

    // the status lookup on the same page
    await page.fill('#code', code);
    await page.click('#lookup-form button[type=submit]');
    await page.locator('#lookup-result', { hasText: '核实中' }).waitFor({ timeout: 10000 });

    const staff = await committee.get(`/api/complaints?candidateId=${candidateId}`);
    expect(staff.body.items).toEqual([
      expect.objectContaining({
        trackingCode: code,
        noticeId,
        source: 'public',
        channel: 'online',
        content: '该同志在单位考勤中存在弄虚作假的问题，请核实。',
        contact: '13900000000',
        receivedOn: '2026-03-25',
        due: '2026-04-01',
      }),
    ]);
    await page.close();
  });

  it('shows the server’s refusal in Chinese when the form is filled wrong', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/notices/${noticeId}`);
    // bypass the browser's own minlength check to see the service's answer
    await page.evaluate("document.getElementById('content').removeAttribute('minlength')");
    await page.fill('#content', '太短');
    await page.click('#complaint-form button[type=submit]');
    await page.locator('#complaint-result.error', { hasText: 'content' }).waitFor({ timeout: 10000 });
    await page.close();
  });

  it('answers an HTML 404 page for an unknown notice', async () => {
    const page = await browser.newPage();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const response = await page.goto(`${base}/notices/${id}`);
      expect(response?.status()).toBe(404);
      expect(response?.headers()['content-type']).toContain('text/html');
      expect(await page.locator('h1').innerText()).toBe('未找到该公示');
    }
    await page.close();
  });

  it('shows a closed notice without the form', async () => {
    t.clock.set(at('2026-04-01'));
    expect((await branch.post(`/api/publicity/${noticeId}/close`, null)).status).toBe(201);
    const page = await browser.newPage();
    await page.goto(`${base}/notices/${noticeId}`);
    expect(await page.locator('#complaint-form').count()).toBe(0);
    expect(await page.locator('#complaint').innerText()).toContain('本公示已结束');
    await page.close();
  });
});
