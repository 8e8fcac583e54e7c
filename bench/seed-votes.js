'use strict';
// Seeds development objects straight into the bench service's database: walking 10,000
// candidates over HTTP would take ~12 requests each. Uses the built service's own data
// source and entities (dist/), so rows are exactly what the service writes, on SQLite or
// PostgreSQL. Run it while the service is idle (after start-up has applied the migrations).
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { ROOT, SECRET, LEDGER_KEY, PERSONAL_DATA_KEY } = require('./lib');
const { uuid7 } = require('./candidates');

/** The build the bench runs (bench/lib.js starts the service from the same one). */
const DIST = process.env.BENCH_DIST || 'dist';

/** The record the HTTP walk would leave: publicity and pre-review passed, and — for 'approval_talk' — both lower votes and the approval talk. */
function readyRecord(memberIds, upTo) {
  return {
    talkDate: '2024-03-15',
    activistDate: '2024-04-10',
    cultivatorIds: [memberIds[0], memberIds[1]],
    assessments: ['2024-10-10'],
    developmentObjectDate: '2025-04-10',
    introducerIds: [memberIds[0], memberIds[2]],
    politicalReview: { date: '2025-05-01', result: 'passed' },
    trainings: [{ startDate: '2025-05-10', endDate: '2025-05-12', days: 3, hours: 24, passed: true }],
    admissionPublicity: { noticeId: randomUUID(), startDate: '2025-06-01', end: '2025-06-07', closedOn: '2025-06-08' },
    preReview: { date: '2025-06-10', result: 'passed' },
    ...(upTo === 'approval_talk'
      ? {
          votes: {
            admission: {
              mass_assessment: { date: '2025-06-15', passed: true },
              branch_meeting: { date: '2025-06-20', passed: true },
            },
          },
          approvalTalkDate: '2025-06-25',
        }
      : {}),
  };
}

async function seedCandidates(dbUrl, { branchId, memberIds, n, upTo = 'pre_review' }) {
  const { createDataSource } = require(join(ROOT, DIST, 'database/data-source'));
  const { loadConfig } = require(join(ROOT, DIST, 'config/config'));
  const { Candidate } = require(join(ROOT, DIST, 'candidates/candidate.entity'));
  const { Organization } = require(join(ROOT, DIST, 'organizations/organization.entity'));
  const config = loadConfig({ DATABASE_URL: dbUrl, JWT_SECRET: SECRET, LEDGER_KEY, PERSONAL_DATA_KEY });
  const ds = createDataSource(config.database, config.ledgerKey, require(join(ROOT, DIST, 'entities')).ENTITIES);
  await ds.initialize();
  try {
    const branch = await ds.getRepository(Organization).findOneByOrFail({ id: branchId });
    const record = JSON.stringify(readyRecord(memberIds, upTo));
    const now = new Date().toISOString();
    // Time-ordered ids, one millisecond apart, as the service gives every candidate it creates
    // (src/common/ids.ts): byte order is the order the rows were written in.
    const first = Date.now() - n;
    const ids = Array.from({ length: n }, (_, i) => uuid7(first + i, Math.random));
    for (let i = 0; i < n; i += 500) {
      await ds.getRepository(Candidate).insert(
        ids.slice(i, i + 500).map((id, j) => ({
          id,
          orgId: branch.id,
          orgPath: branch.path,
          name: `基准${i + j + 1}`,
          gender: (i + j) % 2 ? 'female' : 'male',
          birthDate: '1996-01-01',
          applicationDate: '2024-03-01',
          ethnicity: null,
          education: null,
          occupation: null,
          workUnit: null,
          frontline: false,
          highKnowledge: false,
          idHash: null,
          idDigest: null,
          idMasked: null,
          stage: 'development_object',
          deferred: false,
          openComplaints: 0,
          record,
          version: 1,
          profileStamp: 'default@bench-seed',
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    return ids;
  } finally {
    await ds.destroy();
  }
}

/** Roster member ids of a branch, over HTTP. */
async function memberIdsOf(base, token, branchId) {
  const res = await fetch(`${base}/api/organizations/${branchId}/members?limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await res.json()).items.map((m) => m.id);
}

module.exports = { seedCandidates, memberIdsOf };
