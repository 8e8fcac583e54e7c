import { canonicalJson, entryHash, entryMac, GENESIS_HASH } from '../src/accountability/ledger';
import { LEDGER_TRIGGERS } from '../src/database/migrations/1763769700000-accountability';
import { createDataSource } from '../src/database/data-source';
import { migrations } from '../src/database/migrations';
import { DataSource } from 'typeorm';
import { Client } from './support/client';
import { LEDGER_KEY, startApp, testDatabase, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';
import { D, paperVote, preReviewed } from './support/voting';

const RECORDS = '/api/accountability/records';

interface Verified {
  ok: boolean;
  length: number;
  head: string;
  firstBroken?: number;
  mismatches: { kind: string; id: string }[];
}

/**
 * SPEC §9, played as someone who can write the database: with the append-only triggers
 * dropped, every way of rewriting history is reported by `verify`, because each entry is
 * authenticated under LEDGER_KEY (not in the database), every recorded head must stay a
 * prefix of the chain, and every record row must be what its ledger entries say.
 */
describe('the accountability ledger against someone who can write the database (SPEC §9)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let department: Client;
  let committee: Client;
  let pg: boolean;
  const verify = async () => (await department.get('/api/accountability/ledger/verify')).body as Verified;
  const sql = (text: string, params: unknown[] = []) => t.dataSource.query(text, params);
  const $ = (i: number) => (pg ? `$${i}` : '?');
  const dropTrigger = (name: keyof typeof LEDGER_TRIGGERS.sqlite) =>
    sql(pg ? `DROP TRIGGER ${name} ON accountability_ledger` : `DROP TRIGGER ${name}`);
  const entries = async () =>
    (await sql('SELECT seq, prev_hash, hash, mac, content FROM accountability_ledger ORDER BY seq')) as {
      seq: number;
      prev_hash: string;
      hash: string;
      mac: string;
      content: string;
    }[];

  /** Four records (one investigated, one decided), then a closed vote session recording the head. */
  beforeEach(async () => {
    t = await startApp({ LOG_LEVEL: 'warn' });
    t.clock.set(NOON);
    tree = await orgTree(t, 3);
    department = new Client(t, tree.department.token);
    committee = new Client(t, tree.committee.token);
    pg = t.dataSource.options.type === 'postgres';
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await committee.post(RECORDS, {
        situation: 'C05',
        subject: { orgId: tree.branch.id },
        occurredOn: '2025-06-01',
        facts: `档案材料缺失 ${i}`,
      });
      ids.push(res.body.id);
    }
    await committee.post(`${RECORDS}/${ids[1]}/investigate`, {});
    await committee.post(`${RECORDS}/${ids[2]}/investigate`, {});
    await department.post(`${RECORDS}/${ids[2]}/decide`, {
      handling: 'criticism',
      authority: '县委组织部',
      decidedOn: '2025-07-01',
    });
    const [candidate] = await preReviewed(t, tree, ['台账甲']);
    await paperVote(
      t,
      tree.branch.token,
      { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: [candidate], expected: 5 },
      { present: 5 },
      { approve: 5 },
    );
    expect(await verify()).toMatchObject({ ok: true, length: 7, mismatches: [] });
  });
  afterEach(() => t.close());

  it('stores each entry with a MAC under LEDGER_KEY', async () => {
    for (const e of await entries()) expect(e.mac).toBe(entryMac(LEDGER_KEY, e.hash));
  });

  it('reports a rewritten entry whose chain was recomputed after it', async () => {
    await dropTrigger('accountability_ledger_no_update');
    let prev = GENESIS_HASH;
    for (const e of await entries()) {
      let content = e.content;
      if (e.seq === 2)
        content = canonicalJson({
          ...JSON.parse(e.content),
          record: { ...JSON.parse(e.content).record, facts: '【改写】无问题' },
        });
      if (e.seq >= 2) {
        const hash = entryHash(e.seq, prev, content);
        await sql(
          `UPDATE accountability_ledger SET content = ${$(1)}, prev_hash = ${$(2)}, hash = ${$(3)} WHERE seq = ${$(4)}`,
          [content, prev, hash, e.seq],
        );
        prev = hash;
      } else prev = e.hash;
    }
    const res = await verify();
    expect(res).toMatchObject({ ok: false, firstBroken: 2 });
  });

  it('reports an entry deleted below a recorded head, at the end of the chain or in its middle', async () => {
    const [session] = (await sql(`SELECT id FROM vote_sessions WHERE status = 'closed'`)) as { id: string }[];
    await dropTrigger('accountability_ledger_no_delete');
    await sql('DELETE FROM accountability_ledger WHERE seq = 7');
    const tail = await verify();
    expect(tail.ok).toBe(false);
    expect(tail.firstBroken).toBeUndefined(); // what is left is a valid chain …
    // … but no longer the one the vote recorded
    expect(tail.mismatches).toEqual(expect.arrayContaining([{ kind: 'vote_session', id: session.id }]));
    await sql('DELETE FROM accountability_ledger WHERE seq = 3');
    expect(await verify()).toMatchObject({ ok: false, firstBroken: 4 });
  });

  it('reports an edited record row, and keeps serving the record its ledger says', async () => {
    const [row] = (await sql(`SELECT id, status, facts FROM accountability_records WHERE status = 'decided'`)) as {
      id: string;
      status: string;
      facts: string;
    }[];
    await sql(
      `UPDATE accountability_records SET status = 'dismissed', facts = ${$(1)}, dismiss_reason = ${$(2)} ` +
        `WHERE id = ${$(3)}`,
      ['查无此事', '不予追究', row.id],
    );
    const res = await verify();
    expect(res).toMatchObject({ ok: false, mismatches: [{ kind: 'record', id: row.id }] });
    expect(res.firstBroken).toBeUndefined();
    const served = await committee.get(`${RECORDS}/${row.id}`);
    expect(served.body).toMatchObject({ status: 'decided', facts: row.facts, dismissReason: null });
    const listed = (await committee.get(RECORDS)).body.items.find((r: { id: string }) => r.id === row.id);
    expect(listed).toMatchObject({ status: 'decided', facts: row.facts });
  });

  it('reports a record row whose entries are gone, and entries whose record row is gone', async () => {
    const single = (await sql('SELECT seq, record_id FROM accountability_ledger WHERE seq IN (1, 4) ORDER BY seq')) as {
      seq: number;
      record_id: string;
    }[];
    await dropTrigger('accountability_ledger_no_delete');
    await sql('DELETE FROM accountability_ledger WHERE seq = 4'); // the only entry of the fourth record
    await sql(`DELETE FROM accountability_records WHERE id = ${$(1)}`, [single[0].record_id]); // the first record's row
    const res = await verify();
    expect(res).toMatchObject({ ok: false, firstBroken: 5 });
    expect(res.mismatches).toEqual(
      expect.arrayContaining([
        { kind: 'record', id: single[1].record_id },
        { kind: 'record', id: single[0].record_id },
      ]),
    );
  });
});

describe('authenticating an existing ledger (migration)', () => {
  it(
    'authenticates the entries of a chain that verifies, ' + 'up to its first break, and keeps the ledger append-only',
    async () => {
      const db = await testDatabase();
      const all = migrations(LEDGER_KEY);
      const pg = db.db.type === 'postgres';
      const before = all.findIndex(
        (m) => new (m as new () => { name: string })().name === 'SealedBallotsLedgerMac1763769760000',
      );
      const old = new DataSource({
        ...createDataSource(db.db, LEDGER_KEY).options,
        migrations: all.slice(0, before),
      } as never);
      await old.initialize();
      await old.runMigrations({ transaction: 'each' });
      const placeholders = [1, 2, 3, 4, 5, 6, 7].map((i) => (pg ? `$${i}` : '?')).join(', ');
      const insert =
        'INSERT INTO accountability_ledger (seq, record_id, event, prev_hash, hash, content, created_at) ' +
        `VALUES (${placeholders})`;
      let prev = GENESIS_HASH;
      const hashes: string[] = [];
      for (let seq = 1; seq <= 5; seq++) {
        const content = canonicalJson({
          recordId: `r${seq}`,
          event: 'filed',
          record: { id: `r${seq}`, facts: `旧记录 ${seq}` },
        });
        // entry 4 was altered before the migration: its hash no longer matches its content
        const hash = seq === 4 ? entryHash(seq, prev, '{}') : entryHash(seq, prev, content);
        await old.query(insert, [seq, `r${seq}`, 'filed', prev, hash, content, '2025-01-01T00:00:00.000Z']);
        hashes.push(hash);
        prev = hash;
      }
      await old.destroy();

      const ds = createDataSource(db.db, LEDGER_KEY);
      await ds.initialize();
      try {
        await ds.runMigrations({ transaction: 'each' });
        const rows = (await ds.query('SELECT seq, mac FROM accountability_ledger ORDER BY seq')) as {
          seq: number;
          mac: string | null;
        }[];
        expect(rows.map((r) => r.mac)).toEqual([
          entryMac(LEDGER_KEY, hashes[0]),
          entryMac(LEDGER_KEY, hashes[1]),
          entryMac(LEDGER_KEY, hashes[2]),
          null,
          null,
        ]);
        await expect(ds.query(`UPDATE accountability_ledger SET mac = 'x' WHERE seq = 4`)).rejects.toThrow(
          /append-only/,
        );
      } finally {
        await ds.destroy();
        await db.drop();
      }
    },
  );
});
