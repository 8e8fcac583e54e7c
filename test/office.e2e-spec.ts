import iconv from 'iconv-lite';
import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { admitDirectly, NOON } from './support/pipeline';
import { csv, docxText, download, sheets, upload, workbook } from './support/office';
import { D, paperVote, preReviewed } from './support/voting';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const HEAD = ['姓名', '性别', '出生日期', '申请日期', '民族', '学历', '工作单位', '一线', '身份证号'];

describe('documents and spreadsheets: import, export, official documents (SPEC §15)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  const importUrl = (dryRun: boolean) =>
    `/api/candidates/import?orgId=${tree.branch.id}${dryRun ? '&dryRun=true' : ''}`;
  const names = async (q: string) =>
    ((await branch.get(`/api/candidates?q=${encodeURIComponent(q)}&limit=100`)).body.items as { name: string }[])
      .map((c) => c.name)
      .sort();

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON); // today 2026-11-21
    tree = await orgTree(t, 6);
    branch = new Client(t, tree.branch.token);
  });
  afterAll(() => t.close());

  describe('import', () => {
    const bad = csv(HEAD, [
      ['导入甲', '男', '1995-05-01', '2024-03-01', '汉族', '大学本科', '县第一中学', '是', '330106199505011234'],
      ['导入乙', '未知', '1996/6/2', '2024/3/1', '', '', '', '', ''],
      ['导入丙', '女', '2010-01-01', '2024-03-01', '', '', '', '', ''],
      ['', '女', '2024-13-01', '2024-03-01', '', '', '', '也许', '1234'],
      ['导入丁', '女', '1990-01-01', '2027-01-01', '', '', '', '', ''],
    ]);

    it('lists every problem by row and column on a dry run, and writes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await upload(t, tree.branch.token, importUrl(true), Buffer.from(`\ufeff${bad}`), 'a.csv');
      expect(res.status).toBe(200);
      expect(res.body.rows).toBe(5);
      expect(res.body.valid).toBe(1);
      const found = res.body.errors.map((e: { row: number; column: string; code: string }) => [
        e.row,
        e.column,
        e.code,
      ]);
      expect(found).toEqual([
        [3, '性别', 'isIn'],
        [4, '出生日期', 'AGE_UNDER_MINIMUM'],
        [5, '一线', 'isBoolean'],
        [5, '出生日期', 'isIsoDate'],
        [5, '姓名', 'isDefined'],
        [5, '身份证号', 'matches'],
        [6, '申请日期', 'DATE_IN_FUTURE'],
      ]);
      expect(res.body.errors[0].message).toContain('男、女');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('refuses the whole file with 422 and the same errors when one row fails, and writes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await upload(t, tree.branch.token, importUrl(false), Buffer.from(bad), 'a.csv');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IMPORT_REJECTED');
      expect(res.body.errors).toHaveLength(7);
      expect(res.body.violations[0].message).toContain('第 3 行「性别」');
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect(await names('导入')).toEqual([]);
    });

    it('imports an .xlsx whose dry run is clean: every row a candidate with its create event', async () => {
      const file = await workbook(
        [...HEAD, '曾被劝退或除名', '劝退或除名日期'],
        [
          [
            '导入甲',
            '男',
            new Date('1995-05-01T00:00:00Z'),
            new Date('2024-03-01T00:00:00Z'),
            '汉族',
            '大学本科',
            '县第一中学',
            '是',
            '330106199505011234',
            '',
            '',
          ],
          ['导入乙', '女', '1996年6月2日', '2024.3.1', '', '', '', '否', '', '劝退', '2018-01-01'],
        ],
      );
      const dry = await upload(t, tree.branch.token, importUrl(true), file, 'a.xlsx');
      expect(dry).toEqual({ status: 200, body: { rows: 2, valid: 2, errors: [] } });
      const done = await upload(t, tree.branch.token, importUrl(false), file, 'a.xlsx');
      expect(done).toEqual({ status: 201, body: { rows: 2, imported: 2 } });
      expect(await names('导入')).toEqual(['导入乙', '导入甲']);
      const list = (await branch.get('/api/candidates?q=导入甲')).body.items[0];
      expect(list).toMatchObject({
        birthDate: '1995-05-01',
        applicationDate: '2024-03-01',
        frontline: true,
        idNumberMasked: '3301**********1234',
      });
      const detail = (await branch.get(`/api/candidates/${list.id}`)).body;
      expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['create']);
      const yi = (await branch.get('/api/candidates?q=导入乙')).body.items[0];
      expect(yi.record.priorRemoval).toEqual({ kind: 'persuaded', on: '2018-01-01' });
    });

    it('refuses a row whose ID number an open candidate holds, or another row of the file holds', async () => {
      const file = Buffer.from(
        csv(HEAD, [
          ['重复甲', '男', '1995-05-01', '2024-03-01', '', '', '', '', '330106199505011234'],
          ['重复乙', '男', '1995-05-01', '2024-03-01', '', '', '', '', '330106199505019999'],
          ['重复丙', '男', '1995-05-01', '2024-03-01', '', '', '', '', '330106199505019999'],
        ]),
      );
      const res = await upload(t, tree.branch.token, importUrl(true), file, 'a.csv');
      expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
        [2, 'DUPLICATE_APPLICANT'],
        [4, 'DUPLICATE_IN_FILE'],
      ]);
    });

    it('reads a CSV saved by Excel in Chinese (GB18030)', async () => {
      const text = csv(HEAD, [
        ['欧阳娜娜', '女', '1999-09-09', '2025-01-02', '维吾尔族', '硕士研究生', '喀什某中学', '否', ''],
      ]);
      const bytes = iconv.encode(text, 'gb18030');
      expect(bytes.equals(Buffer.from(text))).toBe(false);
      const res = await upload(t, tree.branch.token, importUrl(false), bytes, 'gbk.csv');
      expect(res).toEqual({ status: 201, body: { rows: 1, imported: 1 } });
      const c = (await branch.get(`/api/candidates?q=${encodeURIComponent('欧阳')}`)).body.items[0];
      expect(c).toMatchObject({ name: '欧阳娜娜', ethnicity: '维吾尔族', workUnit: '喀什某中学', frontline: false });
    });

    it('answers a retried import with the same Idempotency-Key once', async () => {
      const file = Buffer.from(csv(HEAD, [['重试甲', '男', '1995-05-01', '2024-03-01', '', '', '', '', '']]));
      const key = { 'Idempotency-Key': 'import-retry-1' };
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => upload(t, tree.branch.token, importUrl(false), file, 'a.csv', key)),
      );
      expect(replies.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
      for (const r of replies) expect([201, 409]).toContain(r.status);
      expect((await upload(t, tree.branch.token, importUrl(false), file, 'a.csv', key)).status).toBe(201);
      expect(await names('重试甲')).toEqual(['重试甲']);
    });

    it('answers 400 without a file, with a missing column or too many rows, 413 to a huge file; 404 outside scope; 422 off a branch', async () => {
      const before = await tableCounts(t.dataSource);
      const none = await branch.post(importUrl(false), {});
      expect(none.status).toBe(400);
      const missing = await upload(t, tree.branch.token, importUrl(true), Buffer.from('姓名,性别\n甲,男'), 'a.csv');
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('MISSING_COLUMNS');
      expect(missing.body.errors.map((e: { column: string }) => e.column)).toEqual(['出生日期', '申请日期']);
      const rows = Array.from({ length: 10_001 }, (_, i) => [`人${i}`, '男', '1995-05-01', '2024-03-01']);
      const big = await upload(
        t,
        tree.branch.token,
        importUrl(true),
        Buffer.from(csv(HEAD.slice(0, 4), rows)),
        'a.csv',
      );
      expect(big.status).toBe(400);
      expect(big.body.code).toBe('TOO_MANY_ROWS');
      const garbage = await upload(
        t,
        tree.branch.token,
        importUrl(true),
        Buffer.from([0x50, 0x4b, 3, 4, 0, 0]),
        'a.xlsx',
      );
      expect(garbage.status).toBe(400);
      expect(garbage.body.code).toBe('FILE_UNREADABLE');
      const huge = await upload(t, tree.branch.token, importUrl(true), Buffer.alloc(11 * 1024 * 1024, 0x41), 'a.csv');
      expect(huge.status).toBe(413);
      // multipart only where a file is taken: never in place of a JSON body (an HTML form from another site)
      const stray = await upload(t, tree.branch.token, '/api/candidates', Buffer.from('x'), 'a.csv');
      expect(stray.status).toBe(415);
      const form = await t.http
        .post('/api/public/complaints')
        .field('noticeId', tree.branch.id)
        .field('candidateId', tree.branch.id)
        .field('content', '这是一条来自其他网站表单的反映内容');
      expect(form.status).toBe(415);
      const file = Buffer.from(csv(HEAD, [['范围外', '男', '1995-05-01', '2024-03-01', '', '', '', '', '']]));
      expect((await upload(t, tree.otherBranch.token, importUrl(false), file, 'a.csv')).status).toBe(404);
      const offBranch = await upload(
        t,
        tree.committee.token,
        `/api/candidates/import?orgId=${tree.committee.id}`,
        file,
        'a.csv',
      );
      expect(offBranch.status).toBe(422);
      expect(offBranch.body.code).toBe('ORG_NOT_BRANCH');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('imports roster members through the same checks as adding one', async () => {
      const url = (dryRun: boolean) =>
        `/api/organizations/${tree.otherBranch.id}/members/import${dryRun ? '?dryRun=true' : ''}`;
      const template = await download(t, tree.branch.token, '/api/templates/members.xlsx');
      expect(template.status).toBe(200);
      const head = (await sheets(template.bytes))['党员名册'][0];
      expect(head).toEqual(['姓名*', '党员类别*', '入党日期*', '有表决权']);
      const rows = [
        ['名册甲', '正式党员', '2001-07-01', ''],
        ['名册乙', '预备党员', '2026-06-01', '否'],
        ['名册丙', '正式党员', '2027-01-01', '是'],
      ];
      const dry = await upload(t, tree.otherBranch.token, url(true), await workbook(head as string[], rows), 'm.xlsx');
      expect(dry.body).toEqual({
        rows: 3,
        valid: 2,
        errors: [{ row: 4, column: '入党日期', code: 'DATE_IN_FUTURE', message: '入党日期不能晚于今天' }],
      });
      rows[2][2] = '2020-01-01';
      const done = await upload(
        t,
        tree.otherBranch.token,
        url(false),
        await workbook(head as string[], rows),
        'm.xlsx',
      );
      expect(done).toEqual({ status: 201, body: { rows: 3, imported: 3 } });
      const members = (
        await new Client(t, tree.otherBranch.token).get(`/api/organizations/${tree.otherBranch.id}/members`)
      ).body.items;
      expect(
        members.map((m: { name: string; status: string; votingRights: boolean }) => [m.name, m.status, m.votingRights]),
      ).toEqual([
        ['名册丙', 'formal', true],
        ['名册乙', 'probationary', false],
        ['名册甲', 'formal', true],
      ]);
      expect(
        (await upload(t, tree.branch.token, url(false), await workbook(head as string[], rows), 'm.xlsx')).status,
      ).toBe(404);
    });

    it('offers the candidates template with Chinese headers, a dropdown for choices and a notes sheet', async () => {
      const res = await download(t, tree.branch.token, '/api/templates/candidates.xlsx');
      expect(res.status).toBe(200);
      expect(res.type).toBe(XLSX);
      expect(res.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('入党申请人导入模板.xlsx')}`);
      const book = await sheets(res.bytes);
      expect(book['入党申请人'][0].slice(0, 4)).toEqual(['姓名*', '性别*', '出生日期*', '申请日期*']);
      expect(book['填写说明'].map((r) => r[0])).toContain('身份证号');
    });
  });

  describe('exports and documents', () => {
    let voteId: string;
    let noticeId: string;
    let probationaryId: string;
    let visitId: string;
    let ledgerHead: string;
    const ids: string[] = [];

    beforeAll(async () => {
      ids.push(...(await preReviewed(t, tree, ['文档甲', '文档乙'])));
      noticeId = (await branch.get('/api/publicity')).body.items[0].id;
      const result = await paperVote(
        t,
        tree.branch.token,
        { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: ids, expected: 20 },
        { present: 18 },
        (id) => (id === ids[0] ? { approve: 15, reject: 2, abstain: 1 } : { approve: 9, reject: 8, abstain: 1 }),
      );
      voteId = result.id;
      ledgerHead = result.ledgerHead!;
      probationaryId = await admitDirectly(t, tree, '2025-11-20', { name: '回访对象' });
      const visit = await branch.ok<{ id: string }>(`/api/candidates/${probationaryId}/visits`, {
        date: '2026-06-01',
        visitors: [{ memberId: tree.members[0].id, role: 'introducer' }],
        methods: ['forum', 'mass_visit'],
        checks: {
          thought: { rating: 'good' },
          performance: { rating: 'good', notes: '完成年度教学任务' },
          massOpinion: { rating: 'concern', notes: '个别群众反映工作作风' },
          exemplary: { rating: 'good' },
        },
        action: 'criticism',
      });
      visitId = visit.id;
    });

    it('exports the candidate list with its filters: Chinese headers, real dates, ID numbers masked', async () => {
      const list = (await branch.get('/api/candidates?q=导入&limit=100')).body;
      const res = await download(t, tree.branch.token, `/api/candidates/export.xlsx?q=${encodeURIComponent('导入')}`);
      expect(res.status).toBe(200);
      expect(res.type).toBe(XLSX);
      const rows = (await sheets(res.bytes))['发展党员名册'];
      expect(rows[0].slice(0, 3)).toEqual(['姓名', '性别', '出生日期']);
      expect(rows.length - 1).toBe(list.total);
      const jia = rows.find((r) => r[0] === '导入甲')!;
      const col = (h: string) => rows[0].indexOf(h);
      expect(jia[col('出生日期')]).toEqual(new Date('1995-05-01T00:00:00Z'));
      expect(jia[col('身份证号（掩码）')]).toBe('3301**********1234');
      expect(jia[col('党支部')]).toBe('第一党支部');
      expect(jia[col('当前阶段')]).toBe('入党申请人');
      expect(res.bytes.toString('latin1')).not.toContain('330106199505011234');
      // another branch sees none of them
      const other = await download(
        t,
        tree.otherBranch.token,
        `/api/candidates/export.xlsx?q=${encodeURIComponent('导入')}`,
      );
      expect((await sheets(other.bytes))['发展党员名册']).toHaveLength(1);
    });

    it('exports the vote result and writes its record (票决情况报告) with the counts and the ledger head', async () => {
      const sheet = await download(t, tree.branch.token, `/api/votes/${voteId}/result.xlsx`);
      expect(sheet.status).toBe(200);
      const book = await sheets(sheet.bytes);
      expect(book['表决结果'].slice(1).map((r) => [r[1], r[2], r[3], r[4], r[8]])).toEqual([
        ['文档甲', 15, 2, 1, '通过'],
        ['文档乙', 9, 8, 1, '未通过'],
      ]);
      expect(book['会议情况'].find((r) => r[0] === '实到人数')![1]).toBe(18);

      const doc = await download(t, tree.branch.token, `/api/votes/${voteId}/record.docx`);
      expect(doc.status).toBe(200);
      expect(doc.type).toBe(DOCX);
      const text = await docxText(doc.bytes);
      for (const s of [
        '票决情况报告',
        '党外群众民主测评',
        '2025年6月15日',
        '应到 20 人，实到 18 人',
        '文档甲',
        '文档乙',
        ledgerHead,
        '第一党支部',
        '2026年11月21日',
      ])
        expect(text).toContain(s);
      expect(text).toMatch(/文档甲\s*15\s*2\s*1\s*0\s*\d+\s*通过/);
    });

    it('writes the publicity notice as an official document', async () => {
      const doc = await download(t, tree.branch.token, `/api/publicity/${noticeId}/notice.docx`);
      expect(doc.status).toBe(200);
      const text = await docxText(doc.bytes);
      for (const s of [
        '关于文档甲等2名同志拟发展为中共预备党员的公示',
        '文档甲，男',
        '2025年6月1日',
        '0571-88886666',
        '第一党支部',
      ])
        expect(text).toContain(s);
      expect((await download(t, tree.otherBranch.token, `/api/publicity/${noticeId}/notice.docx`)).status).toBe(404);
    });

    it('writes the follow-up visit record with the visitors, the four checks and the action', async () => {
      const doc = await download(t, tree.branch.token, `/api/visits/${visitId}/record.docx`);
      expect(doc.status).toBe(200);
      const text = await docxText(doc.bytes);
      for (const s of [
        '预备党员回访记录',
        '回访对象',
        '2026年6月1日',
        `${tree.members[0].name}（入党介绍人）`,
        '召开座谈会、走访群众',
        '完成年度教学任务',
        '有苗头性问题',
        '批评教育',
        '计入转正前回访',
      ])
        expect(text).toContain(s);
      expect((await download(t, tree.otherBranch.token, `/api/visits/${visitId}/record.docx`)).status).toBe(404);
    });

    it("writes a candidate's full record with every step, its date, the people and the result", async () => {
      const doc = await download(t, tree.branch.token, `/api/candidates/${probationaryId}/record.docx`);
      expect(doc.status).toBe(200);
      const text = await docxText(doc.bytes);
      const steps = [
        '递交入党申请书',
        '党组织派人谈话',
        '确定为入党积极分子',
        '指定培养联系人',
        '培养教育考察',
        '确定为发展对象',
        '确定入党介绍人',
        '政治审查',
        '集中培训',
        '预备期回访',
      ];
      let at = 0;
      for (const s of steps) {
        const next = text.indexOf(s, at);
        expect([s, next >= at]).toEqual([s, true]);
        at = next;
      }
      for (const s of [
        '发展党员全程纪实表',
        '2024年3月15日',
        '支部书记',
        `${tree.members[0].name}、${tree.members[2].name}`,
        '2025年5月10日至2025年5月12日，3 天 24 学时，结业',
        '预备党员',
      ])
        expect(text).toContain(s);
      expect((await download(t, tree.otherBranch.token, `/api/candidates/${probationaryId}/record.docx`)).status).toBe(
        404,
      );
    });

    it('exports accountability records, a plan and both reports, each parsed back', async () => {
      const committee = new Client(t, tree.committee.token);
      await committee.ok('/api/accountability/records', {
        situation: 'A07',
        subject: { orgId: tree.branch.id, name: '第一党支部' },
        occurredOn: '2025-03-01',
        facts: '发展对象公示期仅五天，不足七天。',
      });
      const records = await sheets(
        (await download(t, tree.committee.token, '/api/accountability/records/export.xlsx?situation=A07')).bytes,
      );
      const rows = records['责任追究记录'];
      expect(rows).toHaveLength(2);
      expect(rows[1][rows[0].indexOf('事实')]).toBe('发展对象公示期仅五天，不足七天。');
      expect(rows[1][rows[0].indexOf('发生日期')]).toEqual(new Date('2025-03-01T00:00:00Z'));
      expect((await download(t, tree.branch.token, '/api/accountability/records/export.xlsx')).status).toBe(403);

      const department = new Client(t, tree.department.token);
      const plan = await department.ok<{ id: string }>('/api/plans', {
        orgId: tree.department.id,
        year: 2027,
        quota: 5,
      });
      await committee.ok(`/api/plans/${plan.id}/entries`, { candidateIds: [ids[0]] });
      const planBook = await sheets(
        (await download(t, tree.committee.token, `/api/plans/${plan.id}/export.xlsx`)).bytes,
      );
      expect(planBook['计划人选'].slice(1).map((r) => [r[1], r[2], r[4]])).toEqual([
        ['文档甲', '第一党支部', '已报送待表决'],
      ]);
      expect(planBook['汇总'].find((r) => r[0] === '计划名额')![1]).toBe(5);

      for (const report of ['funnel', 'structure']) {
        const json = (await branch.get(`/api/reports/${report}?year=2025`)).body;
        const res = await download(t, tree.branch.token, `/api/reports/${report}?year=2025&format=xlsx`);
        expect(res.status).toBe(200);
        expect(res.type).toBe(XLSX);
        const book = await sheets(res.bytes);
        const figures = Object.values(book).flatMap((rows) => rows.slice(1).map((r) => r[1]));
        const expected =
          report === 'funnel'
            ? [...Object.values(json.flow), ...Object.values(json.current)]
            : [
                json.total,
                ...['under35', 'women', 'minorities', 'frontline', 'highKnowledge'].map((k) => json[k].count),
              ];
        expect(figures).toEqual(expected);
      }
      const stray = await branch.get('/api/reports/funnel?year=2025&format=pdf');
      expect(stray.status).toBe(400);
    });
  });
});
