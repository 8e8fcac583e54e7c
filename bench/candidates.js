'use strict';
// Issue 3: candidate creation and listing with 100,000 candidates in the database.
// The 100,000 are seeded straight into the service's database through the built dist/
// data source and entities (as bench/seed-votes.js does), in chunks of plain multi-row SQL
// (dist/database/bulk.js): 12 branches under one committee, Chinese names, stages spread
// over applicant / activist / development_object / probationary, created_at spread over
// 2019-01 … 2026-11 (so "newest first" means something), each candidate with its create
// event and one deadline. Then, with autocannon against the service on 127.0.0.1: four
// listings (committee token over the whole tree) and creation.
const { join } = require('node:path');
const autocannon = require('autocannon');
const {
  startService,
  freshDatabase,
  token,
  seedBranches,
  probe,
  figures,
  ROOT,
  SECRET,
  LEDGER_KEY,
  PERSONAL_DATA_KEY,
} = require('./lib');

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文玉兰晨宇浩然欣怡涵梓轩思雨佳琪博睿嘉鑫'];
const EDUCATION = ['高中', '大专', '本科', '本科', '本科', '硕士研究生', '博士研究生'];
const UNITS = ['第一车间', '第二车间', '研发中心', '财务处', '市场部', '后勤保障部', '信息中心', '质量管理部'];
const SEARCH = '建国';
const FROM = Date.parse('2019-01-01T00:00:00Z');
const TO = Date.parse('2026-11-20T00:00:00Z');
const DAY = 86400000;

/** Deterministic PRNG (mulberry32), so every run seeds the same 100,000. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUIDv7 for a given millisecond, as the service's newId() makes them (id order = time order). */
function uuid7(ms, rand) {
  const b = Buffer.alloc(16);
  b.writeUIntBE(ms, 0, 6);
  for (let i = 6; i < 16; i++) b[i] = Math.floor(rand() * 256);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const nameOf = (rand) => pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.6 ? pick(rand, GIVEN) : '');

/** stage 40 % applicant, 30 % activist, 20 % development object, 10 % probationary, with a record to match. */
function stageAndRecord(rand, applied) {
  const r = rand();
  const stage = r < 0.4 ? 'applicant' : r < 0.7 ? 'activist' : r < 0.9 ? 'development_object' : 'probationary';
  if (stage === 'applicant') return { stage, record: rand() < 0.7 ? { talkDate: day(applied + 20 * DAY) } : {} };
  return { stage, record: recordOf(rand, applied, stage) };
}

/** The record of a candidate who applied `applied` (ms) and is now an activist or further. */
function recordOf(rand, applied, stage) {
  const record = {};
  record.talkDate = day(applied + 20 * DAY);
  record.activistDate = day(applied + 90 * DAY);
  record.cultivatorIds = [uuid7(applied, rand), uuid7(applied, rand)];
  record.assessments = [day(applied + 270 * DAY)];
  if (stage === 'activist') return record;
  record.developmentObjectDate = day(applied + 460 * DAY);
  record.introducerIds = [...record.cultivatorIds];
  record.politicalReview = { date: day(applied + 480 * DAY), result: 'passed' };
  if (stage === 'development_object') return record;
  record.trainings = [
    { startDate: day(applied + 490 * DAY), endDate: day(applied + 492 * DAY), days: 3, hours: 24, passed: true },
  ];
  record.preReview = { date: day(applied + 520 * DAY), result: 'passed' };
  record.approvalTalkDate = day(applied + 540 * DAY);
  record.probationStart = day(applied + 530 * DAY);
  record.probationEnd = day(applied + 895 * DAY);
  if (stage === 'probationary') return record;
  record.fullMemberOn = record.probationEnd;
  record.closedOn = record.probationEnd;
  return record;
}

/** `n` candidates over `branches`, oldest first, in chunks; returns counts for the figures. */
async function seedMany(dbUrl, branches, n) {
  const { createDataSource } = require(join(ROOT, 'dist/database/data-source'));
  const { loadConfig } = require(join(ROOT, 'dist/config/config'));
  const { insertRows } = require(join(ROOT, 'dist/database/bulk'));
  const { Candidate } = require(join(ROOT, 'dist/candidates/candidate.entity'));
  const { CandidateEvent } = require(join(ROOT, 'dist/candidates/candidate-event.entity'));
  const { Deadline } = require(join(ROOT, 'dist/deadlines/deadline.entity'));
  const config = loadConfig({ DATABASE_URL: dbUrl, JWT_SECRET: SECRET, LEDGER_KEY, PERSONAL_DATA_KEY });
  const ds = createDataSource(config.database, config.ledgerKey, require(join(ROOT, 'dist/entities')).ENTITIES);
  await ds.initialize();
  const rand = rng(20261121);
  const stages = {};
  let matches = 0;
  try {
    const chunk = 5000;
    for (let i = 0; i < n; i += chunk) {
      const candidates = [];
      const events = [];
      const deadlines = [];
      for (let k = i; k < Math.min(n, i + chunk); k++) {
        const createdMs = Math.floor(FROM + ((k + rand()) * (TO - FROM)) / n);
        const applied = createdMs - Math.floor(rand() * 20) * DAY;
        const branch = branches[Math.floor(rand() * branches.length)];
        const { stage, record } = stageAndRecord(rand, applied);
        const name = nameOf(rand);
        stages[stage] = (stages[stage] || 0) + 1;
        if (name.includes(SEARCH)) matches += 1;
        const createdAt = new Date(createdMs).toISOString();
        const id = uuid7(createdMs, rand);
        const birthYear = new Date(applied).getUTCFullYear() - 19 - Math.floor(rand() * 22);
        const hasId = rand() < 0.8;
        candidates.push({
          id,
          orgId: branch.id,
          orgPath: branch.path,
          name,
          gender: rand() < 0.5 ? 'male' : 'female',
          birthDate: `${birthYear}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
          applicationDate: day(applied),
          ethnicity: rand() < 0.9 ? '汉族' : '回族',
          education: pick(rand, EDUCATION),
          occupation: null,
          workUnit: pick(rand, UNITS),
          frontline: rand() < 0.3,
          highKnowledge: rand() < 0.2,
          idHash: hasId ? `${'0'.repeat(32)}$${'0'.repeat(64)}` : null,
          idMasked: hasId ? `3301**********${String(k % 10000).padStart(4, '0')}` : null,
          stage,
          deferred: stage !== 'probationary' && rand() < 0.02,
          openComplaints: 0,
          record: JSON.stringify(record),
          version: 1,
          profileStamp: 'default@bench-seed',
          createdAt,
          updatedAt: createdAt,
        });
        events.push({
          id: uuid7(createdMs, rand),
          candidateId: id,
          seq: 1,
          type: 'create',
          occurredOn: day(applied),
          actorSub: 'bench-seed',
          actorName: 'bench-seed',
          input: JSON.stringify({ orgId: branch.id, name, applicationDate: day(applied) }),
          profileStamp: 'default@bench-seed',
          recordedAt: createdAt,
        });
        deadlines.push({
          id: uuid7(createdMs, rand),
          candidateId: id,
          orgPath: branch.path,
          kind: stage === 'applicant' ? 'talk' : 'assessment',
          dueOn: day(applied + 30 * DAY),
          status: 'done',
          refId: null,
          createdAt,
          resolvedAt: createdAt,
        });
      }
      await ds.transaction(async (em) => {
        await insertRows(em, Candidate, candidates);
        await insertRows(em, CandidateEvent, events);
        await insertRows(em, Deadline, deadlines);
      });
    }
    // Loaded behind the writer's back: the counts (per stage, per year) are recounted, as a bulk load must.
    for (const sql of require(join(ROOT, 'dist/database/migrations/1763770100000-candidate-counts')).RECOUNT_CANDIDATES)
      await ds.query(sql);
    await require(join(ROOT, 'dist/database/migrations/1763770500000-candidate-year-counts')).recountYears(
      ds,
      ds.options.type === 'postgres',
    );
    // A PostgreSQL database of this size would have been analysed by autovacuum; SQLite is left as the service leaves it (no ANALYZE).
    if (ds.options.type === 'postgres') await ds.query('ANALYZE candidates, candidate_events, deadlines');
  } finally {
    await ds.destroy();
  }
  return { stages, searchMatches: matches };
}

async function load(opts, { connections, duration, warmup }) {
  if (warmup) await autocannon({ ...opts, connections, duration: warmup });
  return figures(await autocannon({ ...opts, connections, duration }));
}

module.exports = async function candidatesBench({
  kind = 'sqlite',
  port = 3431,
  n = 100000,
  branches: branchCount = 12,
  connections = 10,
  duration = 10,
  warmup = 1,
} = {}) {
  const db = await freshDatabase(kind);
  const svc = await startService(kind, port, { DATABASE_URL: db.url });
  try {
    const admin = token('admin');
    const { committee, branches } = await seedBranches(svc.base, admin, branchCount);

    const t0 = performance.now();
    const seeded = await seedMany(db.url, branches, n);
    const seedMs = Math.round(performance.now() - t0);

    const tok = token('committee', committee.id);
    const auth = { authorization: `Bearer ${tok}` };
    const lists = {
      firstPage: `/api/candidates?limit=20`,
      branchActivists: `/api/candidates?orgId=${branches[0].id}&stage=activist&limit=20`,
      search: `/api/candidates?q=${encodeURIComponent(SEARCH)}&limit=20`,
      page2000: `/api/candidates?page=2000&limit=20`,
    };
    const run = { connections, duration, warmup };
    const results = {};
    const queue = Object.entries(lists);
    for (const [name, path] of queue) {
      const { body, medianMs } = await probe(svc.base + path, tok);
      // The same depth by keyset: the page after page 2,000, from its nextCursor.
      if (name === 'page2000') queue.push(['cursor2001', `/api/candidates?limit=20&cursor=${body.nextCursor}`]);
      results[name] = {
        total: body.total,
        items: body.items.length,
        medianMs,
        ...(await load({ url: svc.base + path, headers: auth }, run)),
      };
    }

    // creation: a different applicant each request, rotating over the branches
    let next = 0;
    const body = () => {
      const k = next++;
      const rand = rng(k + 1);
      const year = 1986 + (k % 20); // 20–39 at application
      const applied = `2026-${String(1 + (k % 10)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`;
      return JSON.stringify({
        orgId: branches[k % branches.length].id,
        name: nameOf(rand),
        gender: k % 2 ? 'female' : 'male',
        birthDate: `${year}-0${1 + (k % 9)}-15`,
        applicationDate: applied,
        education: pick(rand, EDUCATION),
        workUnit: pick(rand, UNITS),
        idNumber: `330106${year}0${1 + (k % 9)}15${String(k % 1000).padStart(3, '0')}${k % 11 === 10 ? 'X' : k % 10}`,
      });
    };
    const createOpts = {
      url: `${svc.base}/api/candidates`,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          setupRequest: (req) => ({ ...req, body: body() }),
        },
      ],
    };
    const before = (await (await fetch(`${svc.base}/api/candidates?limit=1`, { headers: auth })).json()).total;
    const create = await load(createOpts, run);
    const after = (await (await fetch(`${svc.base}/api/candidates?limit=1`, { headers: auth })).json()).total;
    // every acknowledged create (warm-up included) is stored; a few more may have been in flight when autocannon stopped
    create.stored = after - before;
    results.create = create;

    const loads = Object.values(results);
    const acknowledged = next; // requests sent; stored must not exceed it, and must cover every 2xx
    return {
      name: `candidates: creation and listing at ${n} (${kind}, ${connections} connections, ${duration} s)`,
      ok:
        loads.every((r) => r.other === 0 && r.errors === 0) &&
        results.create.stored >= results.create.ok &&
        results.create.stored <= acknowledged,
      figures: { seedMs, ...seeded, ...results },
    };
  } finally {
    await svc.stop();
    await db.drop();
  }
};

// For bench/office.js (the same 100,000, seeded the same way) and ad-hoc analysis of the seeded
// database (EXPLAIN, timing single statements); recordOf for bench/scale-seed.js.
module.exports.seedMany = seedMany;
module.exports.recordOf = recordOf;
module.exports.uuid7 = uuid7;
module.exports.day = day;
module.exports.nameOf = nameOf;
module.exports.rng = rng;
