import { createHash } from 'node:crypto';
import { AccountabilityService } from '../src/accountability/accountability.service';
import { LedgerEntry } from '../src/accountability/ledger-entry.entity';
import { TransactionRunner } from '../src/database/transaction';
import { LEDGER_TRIGGERS } from '../src/database/migrations/1763769700000-accountability';
import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { createApplicant } from './support/pipeline';

const RECORDS = '/api/accountability/records';
const GENESIS = '0'.repeat(64);
const SYSTEM_DETECTABLE = ['A01', 'A04', 'A11', 'A12', 'B05'];

describe('accountability: records, lifecycle and the hash-chained ledger (SPEC §9)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;
  let committee: Client;
  let otherCommittee: { id: string; token: string };
  let isPostgres: boolean;

  beforeAll(async () => {
    t = await startApp();
    tree = await orgTree(t, 2);
    admin = new Client(t, tree.admin);
    department = new Client(t, tree.department.token);
    committee = new Client(t, tree.committee.token);
    isPostgres = t.dataSource.options.type === 'postgres';
    const res = await admin.post('/api/organizations', {
      name: '城关镇党委',
      kind: 'committee',
      parentId: tree.department.id,
    });
    otherCommittee = { id: res.body.id, token: t.token('committee', res.body.id) };
  });
  afterAll(() => t.close());

  const filing = (over: object = {}) => ({
    situation: 'A07',
    subject: { orgId: tree.branch.id, name: '第一党支部' },
    occurredOn: '2025-03-01',
    facts: '发展对象公示期仅五天，不足七天。',
    ...over,
  });
  const file = (as: Client, body: object = filing()) => as.post(RECORDS, body);
  const act = (as: Client, id: string, command: string, body: object = {}) =>
    as.post(`${RECORDS}/${id}/${command}`, body);
  const decision = { handling: 'admonition_talk', authority: '县委组织部', decidedOn: '2025-04-10' };
  const verify = () => department.get('/api/accountability/ledger/verify');

  describe('catalog', () => {
    it('lists 3 categories and 23 situations, five of them detectable by the system', async () => {
      const res = await committee.get('/api/accountability/catalog');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(23);
      expect(res.body.categories.map((c: { code: string }) => c.code)).toEqual(['A', 'B', 'C']);
      const situations = res.body.categories.flatMap(
        (c: { situations: { code: string; detectable: boolean }[] }) => c.situations,
      );
      expect(situations).toHaveLength(23);
      expect(
        situations.filter((s: { detectable: boolean }) => s.detectable).map((s: { code: string }) => s.code),
      ).toEqual(SYSTEM_DETECTABLE);
      expect(situations.find((s: { code: string }) => s.code === 'A11').title).toBe('超过三个月时限审批');
    });
  });

  describe('filing and lifecycle', () => {
    it('files a manual record as `filed`, with its history and the rules version', async () => {
      // a candidateId must exist and lie in the subject organization (404 / 422 CANDIDATE_OUTSIDE_ORG)
      const candidateId = await createApplicant(t, tree);
      const res = await file(committee, filing({ candidateId }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        situation: 'A07',
        situationTitle: '未按规定公示或公示期不足',
        category: 'A',
        source: 'manual',
        status: 'filed',
        subject: { orgId: tree.branch.id, memberId: null, name: '第一党支部' },
        candidateId,
        occurredOn: '2025-03-01',
        decision: null,
        rulesVersion: expect.stringMatching(/^.+@.+$/),
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const got = await committee.get(`${RECORDS}/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body.history).toEqual([
        expect.objectContaining({
          event: 'filed',
          from: null,
          to: 'filed',
          actor: { name: 'committee用户', role: 'committee' },
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      ]);
    });

    it('runs filed → investigating → decided → closed, each change in the history', async () => {
      const { body: record } = await file(committee);
      const investigating = await act(committee, record.id, 'investigate');
      expect(investigating.status).toBe(200);
      expect(investigating.body.status).toBe('investigating');
      const decided = await act(department, record.id, 'decide', decision);
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({
        status: 'decided',
        decision: {
          handling: 'admonition_talk',
          handlingTitle: '诫勉谈话',
          authority: '县委组织部',
          decidedOn: '2025-04-10',
          rulesVersion: record.rulesVersion,
        },
      });
      const closed = await act(department, record.id, 'close');
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      const got = await committee.get(`${RECORDS}/${record.id}`);
      expect(got.body.history.map((h: { event: string; from: string | null; to: string }) => [h.from, h.to])).toEqual([
        [null, 'filed'],
        ['filed', 'investigating'],
        ['investigating', 'decided'],
        ['decided', 'closed'],
      ]);
      expect(got.body.history[2].actor.role).toBe('department');
      const seqs = got.body.history.map((h: { seq: number }) => h.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    });

    it('dismisses with a reason from filed or from investigating', async () => {
      const { body: a } = await file(committee);
      const fromFiled = await act(committee, a.id, 'dismiss', { reason: '经核实，公示期符合规定' });
      expect(fromFiled.status).toBe(200);
      expect(fromFiled.body).toMatchObject({ status: 'dismissed', dismissReason: '经核实，公示期符合规定' });
      const { body: b } = await file(committee);
      await act(committee, b.id, 'investigate');
      const fromInvestigating = await act(department, b.id, 'dismiss', { reason: '情节轻微，不予追究' });
      expect(fromInvestigating.status).toBe(200);
      const got = await committee.get(`${RECORDS}/${b.id}`);
      expect(got.body.history.map((h: { event: string }) => h.event)).toEqual(['filed', 'investigating', 'dismissed']);
    });

    it('names a roster member as the subject, and refuses one from outside the subject organization', async () => {
      const member = tree.members[0];
      const res = await file(
        committee,
        filing({ situation: 'C01', subject: { orgId: tree.branch.id, memberId: member.id } }),
      );
      expect(res.status).toBe(201);
      expect(res.body.subject).toEqual({ orgId: tree.branch.id, memberId: member.id, name: member.name });
      const before = await tableCounts(t.dataSource);
      const mismatch = await file(
        committee,
        filing({ situation: 'C01', subject: { orgId: tree.otherBranch.id, memberId: member.id } }),
      );
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.code).toBe('SUBJECT_MEMBER_OUTSIDE_ORG');
      const unknown = await file(
        committee,
        filing({ subject: { orgId: tree.branch.id, memberId: '00000000-0000-4000-8000-000000000000' } }),
      );
      expect(unknown.status).toBe(404);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it.each<[string, string[], string, 'committee' | 'department', object]>([
      ['investigate twice', ['investigate'], 'investigate', 'committee', {}],
      ['decide before investigating', [], 'decide', 'department', decision],
      ['close before deciding', ['investigate'], 'close', 'department', {}],
      ['dismiss after a decision', ['investigate', 'decide'], 'dismiss', 'department', { reason: '撤回' }],
      ['decide a dismissed record', ['dismiss'], 'decide', 'department', decision],
      ['investigate a closed record', ['investigate', 'decide', 'close'], 'investigate', 'department', {}],
      ['close twice', ['investigate', 'decide', 'close'], 'close', 'department', {}],
    ])(
      'refuses to %s with 409 INVALID_STATUS_TRANSITION and writes nothing',
      async (_name, steps, command, role, body) => {
        const { body: record } = await file(committee);
        for (const step of steps) {
          const res = await act(
            department,
            record.id,
            step,
            step === 'decide' ? decision : step === 'dismiss' ? { reason: '不予追究' } : {},
          );
          expect(res.status).toBe(200);
        }
        const before = await tableCounts(t.dataSource);
        const res = await act({ committee, department }[role], record.id, command, body);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('INVALID_STATUS_TRANSITION');
        expect(res.body.message).toMatch(/不能/);
        expect(await tableCounts(t.dataSource)).toEqual(before);
      },
    );

    it(
      'refuses an unknown situation, ' +
        'a future date and a decision dated before the facts with 422, writing nothing',
      async () => {
        const before = await tableCounts(t.dataSource);
        const unknown = await file(committee, filing({ situation: 'D01' }));
        expect(unknown.status).toBe(422);
        expect(unknown.body.code).toBe('UNKNOWN_SITUATION');
        const future = await file(committee, filing({ occurredOn: '2999-01-01' }));
        expect(future.status).toBe(422);
        expect(future.body.code).toBe('DATE_IN_FUTURE');
        expect(await tableCounts(t.dataSource)).toEqual(before);

        const { body: record } = await file(committee);
        await act(committee, record.id, 'investigate');
        const after = await tableCounts(t.dataSource);
        const futureDecision = await act(department, record.id, 'decide', {
          ...decision,
          decidedOn: '2999-01-01',
        });
        expect(futureDecision.status).toBe(422);
        expect(futureDecision.body.code).toBe('DATE_IN_FUTURE');
        const early = await act(department, record.id, 'decide', { ...decision, decidedOn: '2025-02-01' });
        expect(early.status).toBe(422);
        expect(early.body.code).toBe('DATE_OUT_OF_ORDER');
        expect(await tableCounts(t.dataSource)).toEqual(after);
      },
    );

    it('answers a retried create with the same Idempotency-Key once', async () => {
      const first = await committee.post(RECORDS, filing(), { 'Idempotency-Key': 'acc-1' });
      expect(first.status).toBe(201);
      const before = await tableCounts(t.dataSource);
      const again = await committee.post(RECORDS, filing(), { 'Idempotency-Key': 'acc-1' });
      expect(again.body).toEqual(first.body);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });
  });

  describe('roles and scope', () => {
    it('refuses branch and reviewer callers with 403 on every endpoint', async () => {
      const { body: record } = await file(committee);
      for (const token of [tree.branch.token, t.token('reviewer', tree.branch.id)]) {
        const as = new Client(t, token);
        const answers = await Promise.all([
          as.get('/api/accountability/catalog'),
          file(as),
          as.get(RECORDS),
          as.get(`${RECORDS}/${record.id}`),
          act(as, record.id, 'investigate'),
          act(as, record.id, 'dismiss', { reason: '无' }),
          act(as, record.id, 'decide', decision),
          act(as, record.id, 'close'),
          as.get('/api/accountability/ledger/verify'),
        ]);
        expect(answers.map((r) => r.status)).toEqual(Array(9).fill(403));
      }
    });

    it('leaves decisions and closing to the department: a committee gets 403', async () => {
      const { body: record } = await file(committee);
      await act(committee, record.id, 'investigate');
      expect((await act(committee, record.id, 'decide', decision)).status).toBe(403);
      await act(department, record.id, 'decide', decision);
      expect((await act(committee, record.id, 'close')).status).toBe(403);
      // reading the chain is not a decision
      expect((await committee.get('/api/accountability/ledger/verify')).status).toBe(200);
      expect((await act(department, record.id, 'close')).status).toBe(200);
    });

    it('answers 404 outside the caller’s subtree, and lists only the subtree', async () => {
      const { body: record } = await file(committee);
      const outsider = new Client(t, otherCommittee.token);
      const before = await tableCounts(t.dataSource);
      expect((await file(outsider)).status).toBe(404);
      expect((await outsider.get(`${RECORDS}/${record.id}`)).status).toBe(404);
      expect((await act(outsider, record.id, 'investigate')).status).toBe(404);
      expect((await act(outsider, record.id, 'dismiss', { reason: '越权' })).status).toBe(404);
      expect((await outsider.get(`${RECORDS}?orgId=${tree.branch.id}`)).status).toBe(404);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const own = await file(outsider, filing({ subject: { orgId: otherCommittee.id } }));
      expect(own.status).toBe(201);
      const list = await outsider.get(RECORDS);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([own.body.id]);
      const committeeList = await committee.get(`${RECORDS}?limit=500`);
      expect(committeeList.body.items.some((r: { id: string }) => r.id === own.body.id)).toBe(false);
      const departmentList = await department.get(`${RECORDS}?limit=500`);
      expect(departmentList.body.items.some((r: { id: string }) => r.id === own.body.id)).toBe(true);
      expect((await department.get(`${RECORDS}/not-a-uuid`)).status).toBe(404);
    });
  });

  describe('validation', () => {
    it('lists every field error with 400 and writes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await committee.post(RECORDS, {
        situation: 7,
        subject: { orgId: 'nope', memberId: 5, name: '', extra: true },
        candidateId: 'x',
        occurredOn: '2025-02-30',
        facts: '',
        bogus: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = [...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort();
      expect(fields).toEqual([
        'bogus',
        'candidateId',
        'facts',
        'occurredOn',
        'situation',
        'subject.extra',
        'subject.memberId',
        'subject.name',
        'subject.orgId',
      ]);
      expect(res.body.errors.every((e: { message: string }) => /[\u4e00-\u9fa5]/.test(e.message))).toBe(true);
      const missing = await committee.post(RECORDS, {});
      expect(missing.status).toBe(400);
      expect([...new Set(missing.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'facts',
        'occurredOn',
        'situation',
        'subject',
      ]);
      const tooLong = await file(committee, filing({ facts: '长'.repeat(5001) }));
      expect(tooLong.status).toBe(400);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('checks decision, dismissal and list inputs the same way', async () => {
      const { body: record } = await file(committee);
      await act(committee, record.id, 'investigate');
      const before = await tableCounts(t.dataSource);
      const decide = await act(department, record.id, 'decide', {
        handling: 'expulsion',
        authority: '',
        decidedOn: 'yesterday',
        note: 1,
      });
      expect(decide.status).toBe(400);
      expect([...new Set(decide.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'authority',
        'decidedOn',
        'handling',
        'note',
      ]);
      const dismiss = await act(committee, record.id, 'dismiss', {});
      expect(dismiss.status).toBe(400);
      expect(dismiss.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const list = await committee.get(`${RECORDS}?status=open&source=robot&situation=x&orgId=1&limit=0`);
      expect(list.status).toBe(400);
      expect([...new Set(list.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'limit',
        'orgId',
        'situation',
        'source',
        'status',
      ]);
    });
  });

  describe('listing', () => {
    it('filters by organization subtree, situation, status and source, newest first, paginated', async () => {
      const a = await file(committee, filing({ situation: 'B03', subject: { orgId: tree.otherBranch.id } }));
      const b = await file(committee, filing({ situation: 'B03', subject: { orgId: tree.otherBranch.id } }));
      await act(committee, b.body.id, 'investigate');
      const bySituation = await committee.get(`${RECORDS}?situation=B03`);
      expect(bySituation.status).toBe(200);
      expect(bySituation.body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect(bySituation.body.items.map((r: { id: string }) => r.id)).toEqual([b.body.id, a.body.id]);
      const byStatus = await committee.get(`${RECORDS}?situation=B03&status=investigating`);
      expect(byStatus.body.items.map((r: { id: string }) => r.id)).toEqual([b.body.id]);
      const byOrg = await committee.get(`${RECORDS}?orgId=${tree.otherBranch.id}`);
      expect(
        byOrg.body.items.every((r: { subject: { orgId: string } }) => r.subject.orgId === tree.otherBranch.id),
      ).toBe(true);
      const subtree = await department.get(`${RECORDS}?orgId=${tree.committee.id}&limit=500`);
      expect(subtree.body.total).toBeGreaterThan(byOrg.body.total);
      const paged = await committee.get(`${RECORDS}?limit=1&page=2`);
      expect(paged.body).toMatchObject({ page: 2, limit: 1 });
      expect(paged.body.items).toHaveLength(1);
      const manual = await committee.get(`${RECORDS}?source=manual&limit=500`);
      expect(manual.body.items.every((r: { source: string }) => r.source === 'manual')).toBe(true);
      const numbers = manual.body.items.map((r: { number: number }) => r.number);
      expect([...numbers].sort((x, y) => y - x)).toEqual(numbers);
    });
  });

  describe('system raising', () => {
    const raise = (input: Parameters<AccountabilityService['raise']>[1]) =>
      t.app.get(TransactionRunner).run((em) => t.app.get(AccountabilityService).raise(em, input));

    it('raises a detectable situation as `system`, once per dedupe key', async () => {
      const candidateId = '22222222-2222-4222-8222-222222222222';
      const input = {
        situation: 'A01',
        orgId: tree.branch.id,
        candidateId,
        occurredOn: '2025-05-01',
        facts: '收到入党申请后一个月内未谈话。',
        dedupeKey: `A01:${candidateId}`,
      };
      const first = await raise(input);
      expect(first).toMatchObject({
        situation: 'A01',
        source: 'system',
        status: 'filed',
        candidateId,
        subject: { orgId: tree.branch.id, memberId: null, name: null },
      });
      const before = await tableCounts(t.dataSource);
      const second = await raise({ ...input, facts: '重复发现' });
      expect(second.id).toBe(first.id);
      expect(second.facts).toBe(input.facts);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const other = await raise({ ...input, situation: 'A04', dedupeKey: `A04:${candidateId}:2025-05-01` });
      expect(other.id).not.toBe(first.id);

      const listed = await committee.get(`${RECORDS}?source=system`);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([other.id, first.id]);
      const got = await committee.get(`${RECORDS}/${first.id}`);
      expect(got.body.history).toEqual([
        expect.objectContaining({ event: 'filed', actor: { name: '系统自动发现', role: 'system' } }),
      ]);
    });

    it('lets the system raise only the detectable situations, and writes nothing otherwise', async () => {
      const before = await tableCounts(t.dataSource);
      await expect(
        raise({ situation: 'A07', orgId: tree.branch.id, occurredOn: '2025-05-01', facts: '不可自动发现' }),
      ).rejects.toThrow(/not a system-detectable/);
      await expect(
        raise({ situation: 'Z99', orgId: tree.branch.id, occurredOn: '2025-05-01', facts: '未知' }),
      ).rejects.toThrow(Error);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('rolls the raised record back with the caller’s transaction', async () => {
      const before = await tableCounts(t.dataSource);
      await expect(
        t.app.get(TransactionRunner).run(async (em) => {
          await t.app.get(AccountabilityService).raise(em, {
            situation: 'B05',
            orgId: tree.committee.id,
            occurredOn: '2025-05-01',
            facts: '举报逾期未核实',
            dedupeKey: 'B05:rollback',
          });
          throw new Error('caller failed');
        }),
      ).rejects.toThrow('caller failed');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('gives vote sessions the ledger head inside their transaction', async () => {
      const head = await t.app.get(TransactionRunner).run((em) => t.app.get(AccountabilityService).ledgerHead(em));
      const verified = await verify();
      expect(head).toEqual({ length: verified.body.length, head: verified.body.head });
    });
  });

  describe('the ledger', () => {
    it('verifies after many appends, with a chain anyone can recompute', async () => {
      for (let i = 0; i < 20; i++) {
        const { body } = await file(committee, filing({ facts: `第${i}次登记` }));
        if (i % 2 === 0) await act(committee, body.id, 'investigate');
      }
      const res = await verify();
      expect(res.status).toBe(200);
      const entries = await t.dataSource.getRepository(LedgerEntry).find({ order: { seq: 'ASC' } });
      expect(res.body).toEqual({
        ok: true,
        length: entries.length,
        head: entries[entries.length - 1].hash,
        mismatches: [],
      });
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      // Independently of the service's code: sha256(tag \n seq \n prev \n canonical content).
      let prev = GENESIS;
      for (const e of entries) {
        expect(e.prevHash).toBe(prev);
        expect(e.hash).toBe(
          createHash('sha256').update(`admissions.accountability.v1\n${e.seq}\n${prev}\n${e.content}`).digest('hex'),
        );
        const content = JSON.parse(e.content);
        expect(content).toMatchObject({ recordId: e.recordId, event: e.event, record: { id: e.recordId } });
        prev = e.hash;
      }
    });

    it('is refused UPDATE and DELETE by the database itself', async () => {
      const before = await tableCounts(t.dataSource);
      await expect(t.dataSource.query(`UPDATE accountability_ledger SET content = '{}' WHERE seq = 1`)).rejects.toThrow(
        /append-only/,
      );
      await expect(t.dataSource.query('UPDATE accountability_ledger SET hash = hash')).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('DELETE FROM accountability_ledger WHERE seq = 1')).rejects.toThrow(
        /append-only/,
      );
      await expect(t.dataSource.query('DELETE FROM accountability_ledger')).rejects.toThrow(/append-only/);
      if (isPostgres) await expect(t.dataSource.query('TRUNCATE accountability_ledger')).rejects.toThrow(/append-only/);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect((await verify()).body.ok).toBe(true);
    });

    it('finds an altered entry once the update trigger is out of the way', async () => {
      const target = 3;
      const update = (from: string, to: string) =>
        t.dataSource.query(
          `UPDATE accountability_ledger SET content = replace(content, '${from}', '${to}') WHERE seq = ${target}`,
        );
      const trigger = 'accountability_ledger_no_update';
      await t.dataSource.query(
        isPostgres ? `DROP TRIGGER ${trigger} ON accountability_ledger` : `DROP TRIGGER ${trigger}`,
      );
      try {
        await update('"facts":"', '"facts":"【篡改】');
        const tampered = await verify();
        expect(tampered.status).toBe(200);
        expect(tampered.body).toMatchObject({ ok: false, firstBroken: target });
        await update('"facts":"【篡改】', '"facts":"');
      } finally {
        await t.dataSource.query(LEDGER_TRIGGERS[isPostgres ? 'postgres' : 'sqlite'][trigger]);
      }
      expect((await verify()).body).toMatchObject({ ok: true });
      await expect(
        t.dataSource.query(`UPDATE accountability_ledger SET content = '{}' WHERE seq = ${target}`),
      ).rejects.toThrow(/append-only/);
    });
  });
});

describe('accountability: concurrent filings over HTTP', () => {
  let t: TestApp;
  let tree: OrgTree;
  let base: string;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'warn' });
    tree = await orgTree(t, 0);
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('answers 100 concurrent filings with 201 and keeps a gap-free, verifiable chain of exactly 100', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${base}${RECORDS}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tree.committee.token}` },
          body: JSON.stringify({
            situation: 'C05',
            subject: { orgId: tree.branch.id },
            occurredOn: '2025-06-01',
            facts: `档案材料缺失 ${i}`,
          }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { number: number } })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(201));
    expect(answers.map((a) => a.body.number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    const verified = await fetch(`${base}/api/accountability/ledger/verify`, {
      headers: { authorization: `Bearer ${tree.department.token}` },
    }).then((r) => r.json() as Promise<{ ok: boolean; length: number; firstBroken?: number }>);
    expect(verified).toMatchObject({ ok: true, length: 100 });
    expect(verified.firstBroken).toBeUndefined();
    expect(await t.dataSource.getRepository(LedgerEntry).count()).toBe(100);
  });
});
