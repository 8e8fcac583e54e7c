import { statSync } from 'node:fs';
import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';
import { D, ok, paperVote, preReviewed, ResultBody } from './support/voting';

const isPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');

/** Eleven members, six candidates, a distinct pattern of choices per ballot (a approve, r reject, - abstain). */
const PATTERNS = [
  'ar-ar-',
  'a-ra-r',
  '-ar-ar',
  'ra-ra-',
  'r-ar-a',
  '-ra-ra',
  'aar--r',
  'rr-aa-',
  '-a-r-a',
  'a--rra',
  'r-a-ar',
];
const CHOICE = { a: 'approve', r: 'reject', '-': 'abstain' } as const;

/**
 * SPEC §7.3, played as whoever can read the database (and its files) would: while the
 * session is open nothing holds a choice in clear; after the close nothing ties a choice to
 * its code, its receipt, or the order of casting — not the rows, not the transaction ids,
 * not the heap, not the write-ahead log, not the logs.
 */
describe('secret ballots against a database reader (SPEC §7.3)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  const cast = (code: string, choices: object) => t.http.post('/api/ballots').send({ code, choices });

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 11);
    branch = new Client(t, tree.branch.token);
  });
  afterAll(() => t.close());

  /** Every value of every table, as text. */
  async function everyCell(): Promise<string[]> {
    const cells: string[] = [];
    for (const meta of t.dataSource.entityMetadatas) {
      for (const row of await t.dataSource.query(`SELECT * FROM ${meta.tableName}`)) {
        for (const v of Object.values(row as Record<string, unknown>)) if (v !== null) cells.push(String(v));
      }
    }
    return cells;
  }

  /**
   * A branch meeting of 11 present members on 6 candidates, each member's ballot a distinct
   * pattern; returns what a voter and the tellers hold.
   */
  async function branchMeetingCast() {
    const ids = await preReviewed(t, tree, ['甲一', '乙二', '丙三', '丁四', '戊五', '己六']);
    const members = tree.members.map((m) => m.id);
    await paperVote(
      t,
      tree.branch.token,
      { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: ids, expected: 10 },
      { present: 10 },
      { approve: 8 },
    );
    const session = await branch.ok<{ id: string }>('/api/votes', {
      level: 'branch_meeting',
      purpose: 'admission',
      orgId: tree.branch.id,
      meetingDate: D.branch,
      candidateIds: ids,
      mode: 'electronic',
    });
    await branch.ok(`/api/votes/${session.id}/attendance`, { memberIds: members });
    const { codes, tallyKey } = await branch.ok<{ codes: string[]; tallyKey: string }>(
      `/api/votes/${session.id}/ballot-papers`,
      { memberIds: members },
    );
    const receipts: string[] = [];
    for (const [k, code] of codes.entries()) {
      const choices = Object.fromEntries(ids.map((id, i) => [id, CHOICE[PATTERNS[k][i] as keyof typeof CHOICE]]));
      receipts.push((await ok<{ receipt: string }>(cast(code, choices))).receipt);
    }
    return { ids, session, codes, tallyKey, receipts };
  }

  it(
    'keeps choices sealed while open, ' +
      'and after the close leaves nothing that ties a ballot to its code, receipt or time',
    async () => {
      const { ids, session, codes, tallyKey, receipts } = await branchMeetingCast();

      // While open: a database reader sees sealed boxes, never a choice.
      const open = await everyCell();
      for (const p of PATTERNS) expect(open.filter((cell) => cell.includes(p))).toEqual([]);
      const sealed = (await t.dataSource.query(`SELECT choices FROM ballots WHERE session_id = '${session.id}'`)) as {
        choices: string;
      }[];
      expect(sealed).toHaveLength(11);
      // the plaintext's length plus a sealed box's overhead
      for (const { choices } of sealed) expect(Buffer.from(choices, 'base64')).toHaveLength(6 + 48);

      const logsFrom = t.logs.length;
      const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`, { tallyKey });
      expect(res.receipts).toEqual([...receipts].sort());
      // counts exact: per candidate, the approvals, rejections and abstentions of the eleven patterns
      res.results.forEach((r, i) => {
        const column = PATTERNS.map((p) => p[i]);
        expect({ approve: r.approve, reject: r.reject, abstain: r.abstain }).toEqual({
          approve: column.filter((c) => c === 'a').length,
          reject: column.filter((c) => c === 'r').length,
          abstain: column.filter((c) => c === '-').length,
        });
        expect(r.candidateId).toBe(ids[i]);
      });

      // The opened ballots are kept for recount: each pattern once, under new random ids.
      const xminColumn = isPostgres ? ', xmin::text AS xmin' : '';
      const order = isPostgres ? ' ORDER BY ctid' : '';
      const opened = (await t.dataSource.query(
        `SELECT id, choices${xminColumn} FROM ballots WHERE session_id = '${session.id}'${order}`,
      )) as { id: string; choices: string; xmin?: string }[];
      expect(opened.map((b) => b.choices).sort()).toEqual([...PATTERNS].sort());

      if (isPostgres) {
        // Rows holding a code or a receipt keep their own transaction ids; the choices share none of them.
        const codeXmins = new Set(
          ((await t.dataSource.query('SELECT xmin::text AS xmin FROM ballot_codes')) as { xmin: string }[]).map(
            (r) => r.xmin,
          ),
        );
        expect(codeXmins.size).toBeGreaterThan(1);
        for (const b of opened) expect(codeXmins.has(b.xmin!)).toBe(false);
        // Nor does anything left in the heap: the sealed rows, dead since the close, are vacuumed away.
        const [{ schema }] = await t.dataSource.query('SELECT current_schema() AS schema');
        await t.dataSource.query(`CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA ${schema}`);
        const [{ pages }] = await t.dataSource.query(
          `SELECT (pg_relation_size('ballots') / current_setting('block_size')::int) AS pages`,
        );
        const heap: string[] = [];
        for (let page = 0; page < Number(pages); page++) {
          const items = (await t.dataSource.query(
            `SELECT t_xmin::text AS xmin FROM heap_page_items(get_raw_page('ballots', ${page})) ` +
              'WHERE t_xmin IS NOT NULL',
          )) as { xmin: string }[];
          heap.push(...items.map((i) => i.xmin));
        }
        expect(heap.length).toBeGreaterThanOrEqual(11);
        for (const xmin of heap) expect(codeXmins.has(xmin)).toBe(false);
        // The heap order of the choices is not the order of casting.
        const castOrder = opened.map((b) => PATTERNS.indexOf(b.choices));
        const inOrder = PATTERNS.map((_, k) => k);
        expect(castOrder).not.toEqual(inOrder);
        expect(castOrder).not.toEqual([...inOrder].reverse());
      } else {
        // Nothing left to replay commit by commit: the write-ahead log is checkpointed and truncated.
        const file = (t.config.database as { file: string }).file;
        expect(statSync(`${file}-wal`).size).toBe(0);
      }

      // No table and no log line holds a plaintext code, nor a choice pattern next to anything else.
      const after = await everyCell();
      const logs = t.logs.join('\n');
      for (const code of codes) {
        for (const form of [code, code.replace(/-/g, '')]) {
          expect(after.filter((cell) => cell.includes(form))).toEqual([]);
          expect(logs).not.toContain(form);
        }
      }
      const withPattern = after.filter((cell) => PATTERNS.some((p) => cell.includes(p)));
      expect(withPattern.sort()).toEqual([...PATTERNS].sort()); // the opened ballots themselves, nothing more
      expect(t.logs.slice(logsFrom).join('\n')).not.toContain(tallyKey);
    },
  );

  it(
    "opens the box only with the tellers' key: 400 without it, " +
      '422 TALLY_KEY_INVALID for any other, exact counts with it',
    async () => {
      const [a, b, c] = await preReviewed(t, tree, ['钥匙甲', '钥匙乙', '钥匙丙']);
      const open = (candidateIds: string[]) =>
        branch.ok<{ id: string }>('/api/votes', {
          level: 'mass_assessment',
          purpose: 'admission',
          orgId: tree.branch.id,
          meetingDate: D.mass,
          candidateIds,
          mode: 'electronic',
          expected: 9,
        });
      const session = await open([a, b]);
      const first = await branch.ok<{ codes: string[]; tallyKey: string }>(`/api/votes/${session.id}/ballot-papers`, {
        count: 5,
      });
      // 52 characters, 256 bits, in groups of four
      expect(first.tallyKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
      const second = await branch.ok<{ codes: string[]; tallyKey?: string }>(`/api/votes/${session.id}/ballot-papers`, {
        count: 2,
      });
      expect(second.tallyKey).toBeUndefined(); // returned once, with the first papers
      const codes = [...first.codes, ...second.codes];
      const choices = [
        { [a]: 'approve', [b]: 'approve' },
        { [a]: 'approve', [b]: 'reject' },
        { [a]: 'approve' },
        { [a]: 'reject', [b]: 'approve' },
        { [a]: 'approve', [b]: 'abstain' },
        { [b]: 'reject' },
      ];
      for (const [i, c] of choices.entries()) await ok(cast(codes[i], c));

      const other = await open([c]);
      const otherKey = (await branch.ok<{ tallyKey: string }>(`/api/votes/${other.id}/ballot-papers`, { count: 1 }))
        .tallyKey;
      const flip = (key: string) => key.slice(0, 5) + (key[5] === 'A' ? 'B' : 'A') + key.slice(6);
      const before = await tableCounts(t.dataSource);
      const close = (body: object) => branch.post(`/api/votes/${session.id}/close`, body);

      const missing = await close({});
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'tallyKey' })]);
      for (const wrong of [
        otherKey,
        flip(first.tallyKey),
        first.tallyKey.slice(0, -1),
        'not a key',
        `${first.tallyKey}-0000`,
        '',
      ]) {
        const res = await close({ tallyKey: wrong });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('TALLY_KEY_INVALID');
        expect(res.body.violations).toEqual([expect.objectContaining({ code: 'TALLY_KEY_INVALID' })]);
      }
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect((await branch.get(`/api/votes/${session.id}`)).body).toMatchObject({
        status: 'open',
        ballotsCast: 6,
      });

      // typed back from paper: lower case, spaces for dashes
      const res = await ok<ResultBody>(close({ tallyKey: first.tallyKey.toLowerCase().replace(/-/g, ' ') }));
      expect(
        res.results.map((r) => ({ approve: r.approve, reject: r.reject, abstain: r.abstain, invalid: r.invalid })),
      ).toEqual([
        { approve: 4, reject: 1, abstain: 1, invalid: 0 },
        { approve: 2, reject: 2, abstain: 2, invalid: 0 },
      ]);
    },
  );

  it(
    'refuses Idempotency-Key on ballot papers, ' + "so neither codes nor the tellers' key are ever stored or replayed",
    async () => {
      const [a] = await preReviewed(t, tree, ['幂等钥匙']);
      const session = await branch.ok<{ id: string }>('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [a],
        mode: 'electronic',
        expected: 3,
      });
      const before = await tableCounts(t.dataSource);
      const res = await branch.post(
        `/api/votes/${session.id}/ballot-papers`,
        { count: 3 },
        { 'Idempotency-Key': 'papers-1' },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const docs = (await t.http.get('/api/docs-json')).body;
      const header = docs.paths['/api/votes/{id}/ballot-papers'].post.parameters.find(
        (p: { name: string }) => p.name === 'Idempotency-Key',
      );
      expect(header.description).toContain('不接受');
    },
  );

  it("writes no client address or port into a ballot route's access log", async () => {
    const [a] = await preReviewed(t, tree, ['日志地址']);
    const session = await branch.ok<{ id: string }>('/api/votes', {
      level: 'mass_assessment',
      purpose: 'admission',
      orgId: tree.branch.id,
      meetingDate: D.mass,
      candidateIds: [a],
      mode: 'electronic',
      expected: 2,
    });
    const { codes } = await branch.ok<{ codes: string[] }>(`/api/votes/${session.id}/ballot-papers`, { count: 2 });
    const base = await t.listen();
    const from = t.logs.length;
    const statuses = await Promise.all(
      [codes[0], codes[0], 'AAAA-BBBB-CCCC-DDDD-EEEE'].map((code) =>
        fetch(`${base}/api/ballots`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code, choices: { [a]: 'approve' } }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.sort()).toEqual([201, 404, 409]);
    const ballotLines = t.logs
      .slice(from)
      .map((l) => JSON.parse(l) as { req?: { url?: string }; reqId?: string; time: number });
    const requests = ballotLines.filter((l) => l.req?.url === '/api/ballots');
    expect(requests).toHaveLength(3);
    for (const line of t.logs.slice(from)) {
      expect(line).not.toMatch(/remoteAddress|remotePort|127\.0\.0\.1/);
    }
    // other routes keep the client address in their access log
    const health = t.logs.length;
    await fetch(`${base}/api/health`);
    expect(t.logs.slice(health).join('\n')).toContain('remoteAddress');
  });
});
