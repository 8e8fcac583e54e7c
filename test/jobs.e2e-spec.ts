import { AccountabilityRecord } from '../src/accountability/accountability-record.entity';
import { COUNT_CAP, DeadlinesService } from '../src/deadlines';
import { Deadline } from '../src/deadlines/deadline.entity';
import { BullmqDriver } from '../src/jobs/bullmq.driver';
import { JOB_DRIVER } from '../src/jobs/jobs.constants';
import { DeadlineReconciler } from '../src/jobs/reconciler.service';
import type { JobDriver } from '../src/jobs/job-driver';
import { PublicityNotice } from '../src/publicity/publicity-notice.entity';
import { Client } from './support/client';
import { orgTree, OrgTree } from './support/fixtures';
import { startApp, TestApp } from './support/harness';
import { createApplicant, walkToDevelopmentObject } from './support/pipeline';

/** "Today" is a calendar date in Asia/Shanghai: 10:00 there. */
const at = (date: string) => `${date}T02:00:00.000Z`;
const TODAY = '2026-03-25';

const deadlinesOf = (t: TestApp, candidateId: string) =>
  t.dataSource.getRepository(Deadline).find({ where: { candidateId }, order: { dueOn: 'ASC' } });
const recordsOf = (t: TestApp, situation: string, candidateId: string) =>
  t.dataSource.getRepository(AccountabilityRecord).find({ where: { situation, candidateId } });

describe('deadlines and jobs, in-process driver (SPEC §10)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;
  let reconciler: DeadlineReconciler;
  let lateTalk: string;
  let soonTalk: string;
  let developing: string;
  let noticeId: string;
  let complaintId: string;

  beforeAll(async () => {
    t = await startApp();
    reconciler = t.app.get(DeadlineReconciler);
    expect(t.app.get<JobDriver>(JOB_DRIVER).name).toBe('in-process');
    t.clock.set(at('2026-03-10'));
    tree = await orgTree(t);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
    developing = await walkToDevelopmentObject(t, tree, { name: '王芳', idNumber: '330106199505011250' });
    // A 7-day publicity 2026-03-10 … 2026-03-16: past its end on the 25th.
    const notice = await branch.post('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'admission',
      candidateIds: [developing],
      startDate: '2026-03-10',
      days: 7,
      channels: { phone: '0571-88886666', address: '县委组织部组织科', online: true },
    });
    expect(notice.status).toBe(201);
    noticeId = notice.body.id;
    t.clock.set(at(TODAY));
    // Talk due one month after application: 2026-02-10 is long past, 2026-04-01 is within 14 days.
    lateTalk = await createApplicant(t, tree, {
      name: '李明',
      applicationDate: '2026-01-10',
      idNumber: '330106199505011234',
    });
    soonTalk = await createApplicant(t, tree, {
      name: '赵强',
      applicationDate: '2026-03-01',
      idNumber: '330106199505011242',
    });
    // Received 2026-03-01, to be verified within a week: overdue by the 25th.
    const complaint = await committee.post('/api/complaints', {
      candidateId: lateTalk,
      channel: 'letter',
      receivedOn: '2026-03-01',
      content: '群众来信反映该同志有违规问题。',
    });
    expect(complaint.status).toBe(201);
    complaintId = complaint.body.id;
  });
  afterAll(() => t.close());

  it('lists overdue and due-soon deadlines in scope before anything fired, soonest first', async () => {
    const res = await branch.get('/api/reports/overdue');
    expect(res.status).toBe(200);
    const talks = res.body.items.filter((i: { kind: string }) => i.kind === 'talk');
    expect(talks).toEqual([
      expect.objectContaining({
        kind: 'talk',
        dueOn: '2026-02-10',
        status: 'overdue',
        candidateId: lateTalk,
        candidateName: '李明',
        orgId: tree.branch.id,
        refId: null,
      }),
      expect.objectContaining({
        kind: 'talk',
        dueOn: '2026-04-01',
        status: 'due_soon',
        candidateId: soonTalk,
        candidateName: '赵强',
        orgId: tree.branch.id,
      }),
    ]);
    const due = res.body.items.map((i: { dueOn: string }) => i.dueOn);
    expect(due).toEqual([...due].sort());
    expect(res.body).toMatchObject({ total: res.body.items.length, page: 1, limit: 20 });
    expect(res.body.items.every((i: { dueOn: string }) => i.dueOn <= '2026-04-08')).toBe(true);
    // Paged one at a time, the same rows in the same order.
    const paged: unknown[] = [];
    for (let page = 1; page <= res.body.total + 1; page++)
      paged.push(...(await branch.get(`/api/reports/overdue?limit=1&page=${page}`)).body.items);
    expect(paged).toEqual(res.body.items);
    expect(res.body.totalIsEstimate).toBe(false);

    // Counted only up to one a part: each part larger than that is read by walking the due-date
    // index instead of sorting the scope's entries, and its total estimated — the same pages.
    const deadlines = t.app.get(DeadlinesService);
    deadlines.countCap = 1;
    try {
      const walked: unknown[] = [];
      for (let page = 1; page <= res.body.total + 1; page++) {
        const one = await branch.get(`/api/reports/overdue?limit=1&page=${page}`);
        expect(one.body).toMatchObject({ totalIsEstimate: true });
        expect(one.body.total).toBeGreaterThanOrEqual(2);
        walked.push(...one.body.items);
      }
      expect(walked).toEqual(res.body.items);
    } finally {
      deadlines.countCap = COUNT_CAP;
    }
  });

  it('fires an overdue talk once: deadline overdue, one system A01 record, idempotent on the next run', async () => {
    const first = await reconciler.reconcile();
    expect(first.fired).toBeGreaterThanOrEqual(3);
    expect(first.failed).toBe(0);
    expect((await deadlinesOf(t, lateTalk)).find((d) => d.kind === 'talk')).toMatchObject({
      status: 'overdue',
      dueOn: '2026-02-10',
    });
    const a01 = await recordsOf(t, 'A01', lateTalk);
    expect(a01).toEqual([
      expect.objectContaining({
        source: 'system',
        dedupeKey: `A01:${lateTalk}`,
        occurredOn: '2026-02-11',
        orgId: tree.branch.id,
      }),
    ]);
    expect(a01[0].facts).toContain('逾期未谈话');
    // Not yet due: untouched.
    expect((await deadlinesOf(t, soonTalk)).find((d) => d.kind === 'talk')).toMatchObject({ status: 'pending' });

    const again = await reconciler.reconcile();
    expect(again).toEqual({ fired: 0, scheduled: 0, failed: 0 });
    expect(await recordsOf(t, 'A01', lateTalk)).toHaveLength(1);
  });

  it('closes a publicity notice past its end and resolves its deadline', async () => {
    const notice = await t.dataSource.getRepository(PublicityNotice).findOneByOrFail({ id: noticeId });
    expect(notice).toMatchObject({ status: 'closed', closedOn: TODAY });
    expect((await deadlinesOf(t, developing)).find((d) => d.kind === 'publicity_end')).toMatchObject({
      status: 'done',
      refId: noticeId,
    });
  });

  it('raises B05 for a complaint not verified by its due date', async () => {
    const dl = (await deadlinesOf(t, lateTalk)).find((d) => d.kind === 'complaint');
    expect(dl).toMatchObject({ status: 'overdue', dueOn: '2026-03-08', refId: complaintId });
    const b05 = await recordsOf(t, 'B05', lateTalk);
    expect(b05).toEqual([
      expect.objectContaining({ source: 'system', dedupeKey: `B05:${complaintId}:1`, occurredOn: '2026-03-09' }),
    ]);
    expect(b05[0].facts).toContain('逾期未核实');
  });

  it('reports fired deadlines as overdue, scoped like other lists', async () => {
    const ofBranch = await committee.get(`/api/reports/overdue?orgId=${tree.branch.id}`);
    expect(ofBranch.status).toBe(200);
    expect(ofBranch.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'complaint',
          status: 'overdue',
          candidateId: lateTalk,
          refId: complaintId,
          dueOn: '2026-03-08',
        }),
        expect.objectContaining({ kind: 'talk', status: 'overdue', candidateId: lateTalk }),
      ]),
    );
    // The closed notice's deadline is done: not listed.
    expect(ofBranch.body.items.some((i: { kind: string }) => i.kind === 'publicity_end')).toBe(false);
    expect((await committee.get(`/api/reports/overdue?orgId=${tree.otherBranch.id}`)).body.total).toBe(0);
    expect((await otherBranch.get('/api/reports/overdue')).body.total).toBe(0);
    // The admin's scope is every organization (no path test): the same rows as the branch's here.
    const everything = await new Client(t, t.token('admin')).get('/api/reports/overdue?limit=100');
    expect(everything.body.items).toEqual((await committee.get('/api/reports/overdue?limit=100')).body.items);
    expect(everything.body.total).toBe(ofBranch.body.total);
    expect((await branch.get(`/api/reports/overdue?orgId=${tree.otherBranch.id}`)).status).toBe(404);
    const reviewer = new Client(t, t.token('reviewer', tree.branch.id));
    expect((await reviewer.get('/api/reports/overdue')).status).toBe(403);
    expect((await branch.get('/api/reports/overdue?orgId=nope')).status).toBe(400);
  });
});

describe('deadlines and jobs, BullMQ driver (SPEC §10)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let reconciler: DeadlineReconciler;
  let driver: BullmqDriver;

  const waitFor = async (check: () => Promise<boolean>, ms = 10000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  };

  beforeAll(async () => {
    t = await startApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
    driver = t.app.get<BullmqDriver>(JOB_DRIVER);
    reconciler = t.app.get(DeadlineReconciler);
    t.clock.set(at(TODAY));
    tree = await orgTree(t, 1);
  });
  afterAll(async () => {
    await driver.queue.obliterate({ force: true });
    await t.close();
  });

  it('uses BullMQ with a per-database prefix; health reports the job layer up once reconciled', async () => {
    expect(driver.name).toBe('bullmq');
    expect(driver.prefix).toMatch(/^adm:[0-9a-f]{12}$/);
    // Started in the background (a Redis that is down must not block start-up).
    await waitFor(async () => (await t.http.get('/api/health')).body.jobs === 'up');
  });

  it('fires a past-due deadline through the worker, its job added right after the commit that opened it', async () => {
    const id = await createApplicant(t, tree, { name: '孙丽', applicationDate: '2026-01-05' });
    await waitFor(
      async () =>
        (await t.dataSource.getRepository(Deadline).findOneByOrFail({ candidateId: id, kind: 'talk' })).status ===
        'overdue',
    );
    await waitFor(async () => (await recordsOf(t, 'A01', id)).length === 1);
  });

  it(
    "adds a new deadline's delayed job at once, " +
      'and a reconcile re-adds a lost one only when it falls due within the horizon',
    async () => {
      const id = await createApplicant(t, tree, { name: '周杰', applicationDate: '2026-03-20' });
      const talk = (await deadlinesOf(t, id)).find((d) => d.kind === 'talk')!;
      expect(talk.dueOn).toBe('2026-04-20');
      expect(reconciler.fireAt(talk.dueOn).toISOString()).toBe('2026-04-20T16:00:00.000Z');
      await waitFor(async () => (await driver.queue.getJobState(talk.id)) === 'delayed'); // no reconcile needed
      expect((await driver.queue.getJob(talk.id))?.data).toEqual({ deadlineId: talk.id });

      await driver.queue.remove(talk.id); // as if Redis lost it
      expect((await reconciler.reconcile()).scheduled).toBe(0); // 26 days away: beyond the 48-hour horizon
      expect(await driver.queue.getJob(talk.id)).toBeUndefined();
      t.clock.set(at('2026-04-19'));
      try {
        expect((await reconciler.reconcile()).scheduled).toBe(1);
        expect(await driver.queue.getJobState(talk.id)).toBe('delayed');
        await reconciler.reconcile(); // adding it again is a no-op
        expect(await driver.queue.getJobState(talk.id)).toBe('delayed');
      } finally {
        t.clock.set(at(TODAY));
      }
    },
  );
});
