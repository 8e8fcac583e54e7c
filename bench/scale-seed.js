'use strict';
// Issue 13: a province's admissions, seeded straight into a migrated database for
// bench/scale.js. Deterministic (mulberry32, fixed seed): the same call gives the same rows
// on SQLite and PostgreSQL, for the build before a change and after it.
//
// The organization tree: a province department → 14 city departments → committees under them
// (6–15 each) → 2,000 branches, spread unevenly (log-normal weights) over the committees, and
// candidates spread unevenly over the branches. Names: ~100 surnames with their real skew
// (王 李 张 … down to the rare ones, a few compound), given names of 1–2 characters from ~300
// common ones, so that 2-character fragments have realistic frequencies. Stages as a pipeline
// leaves them (most applicants and activists, fewer development objects and probationary,
// full members, some rejected or withdrawn), limited by how long ago each applied (over the
// last 8 years). ~30 % give an ID number (id_digest and id_masked as the service computes
// them). One active candidate in 8 has an open deadline due between 120 days ago and 60 days
// ahead; those already past are written as `overdue`, as the reconciler would have left them.
// No candidate_events rows (no listing, search or report reads them).
//
// Rows go in with each table's secondary indexes (and SQLite triggers) dropped and re-created
// after the load, as a bulk load does: SQLite through better-sqlite3 (multi-row prepared
// INSERTs, 5,000 rows a transaction), PostgreSQL through `INSERT … SELECT FROM
// json_populate_recordset($1)` (one JSON parameter per 5,000 rows); the next chunk is generated
// while the database writes the last.
const { createHmac } = require('node:crypto');
const { day, recordOf, rng, uuid7 } = require('./candidates');

const SEED = 20261202;
const DAY = 86400000;

/** A standard normal draw (Box–Muller). */
const normal = (rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** Picks from `items` by `weights` in O(log n): a cumulative table and a binary search. */
function weighted(items, weights) {
  const cumulative = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return (rand) => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

// Surnames by share of the population (per mille, roughly the 2020 census), then a tail.
const SURNAMES = [
  ['王', 71],
  ['李', 70],
  ['张', 67],
  ['刘', 54],
  ['陈', 46],
  ['杨', 31],
  ['赵', 23],
  ['黄', 22],
  ['周', 21],
  ['吴', 20],
  ['徐', 17],
  ['孙', 15],
  ['胡', 13],
  ['朱', 13],
  ['高', 12],
  ['林', 12],
  ['何', 12],
  ['郭', 12],
  ['马', 11],
  ['罗', 9],
  ['梁', 8],
  ['宋', 8],
  ['郑', 8],
  ['谢', 7],
  ['韩', 7],
  ['唐', 7],
  ['冯', 6],
  ['于', 6],
  ['董', 6],
  ['肖', 6],
  ['程', 6],
  ['曹', 6],
  ['袁', 5],
  ['邓', 5],
  ['许', 5],
  ['傅', 5],
  ['沈', 5],
  ['曾', 5],
  ['彭', 5],
  ['吕', 5],
  ...[
    ...'苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
  ].map((s, i) => [s, 4.5 - i * 0.045]),
  ['欧阳', 0.4],
  ['司马', 0.1],
  ['诸葛', 0.05],
  ['上官', 0.05],
  ['东方', 0.05],
];
// Given-name characters, most common first; weight ∝ 1 / rank^0.9.
const GIVEN = [
  ...('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文玉兰晨宇浩然欣怡涵梓轩思雨佳琪博睿嘉鑫' +
    '子俊辉峰鹏飞斌波宁海燕婷雪梅琳晶颖慧丹萍倩莉玲云凤洁蓉薇娇燕霖瑞昊天阳帆凯旭航宏伟荣新春亮林成' +
    '光彬健康龙永德兴良宝安福生祥东海江河山川力立克义礼智信忠孝仁和顺利昌盛金银铭锦程远鸿振家庭清' +
    '正诚晓梦可心悦乐欢爱美秀慧颖聪博学思源泽楠柏松竹梧桐桦枫菲芸蕾莹璐瑶琦瑾琼珊琪瑜璇婉娴雅静' +
    '淑贤惠巧翠彩凤月星辰朝霞露霜冰雪晴虹彤彬斐炜烨煜焕灿辉耀熙然豪杰英雄武威猛刚毅坚定勤俭朴' +
    '宇轩涵睿哲翔逸飞鹤鸣凡一二三伦纶维纬祖宗绍继承启发扬宣传达通达道德仁义敬恭让谦和睦友爱'),
].filter((c, i, all) => all.indexOf(c) === i);
const pickSurname = weighted(
  SURNAMES.map(([s]) => s),
  SURNAMES.map(([, w]) => w),
);
const pickGiven = weighted(
  GIVEN,
  GIVEN.map((_, i) => 1 / Math.pow(i + 1, 0.9)),
);
function nameOf(rand) {
  const first = pickGiven(rand);
  if (rand() < 0.25) return pickSurname(rand) + first;
  let second = pickGiven(rand);
  while (second === first) second = pickGiven(rand); // 伟伟: rare in life
  return pickSurname(rand) + first + second;
}

const CITIES = [
  ['长沙', '430100'],
  ['株洲', '430200'],
  ['湘潭', '430300'],
  ['衡阳', '430400'],
  ['邵阳', '430500'],
  ['岳阳', '430600'],
  ['常德', '430700'],
  ['张家界', '430800'],
  ['益阳', '430900'],
  ['郴州', '431000'],
  ['永州', '431100'],
  ['怀化', '431200'],
  ['娄底', '431300'],
  ['湘西', '433100'],
];
const COMMITTEES = [
  '市直机关工委',
  '教育局党委',
  '卫生健康委党委',
  '国资委党委',
  '交通运输局党委',
  '公安局党委',
  '经开区党工委',
  '高新区党工委',
  '第一中学党委',
  '人民医院党委',
  '城投集团党委',
  '供电公司党委',
  '职业技术学院党委',
  '芙蓉区委',
  '天心区委',
  '岳麓区委',
];
const EDUCATION = ['高中', '中专', '大专', '大专', '本科', '本科', '本科', '本科', '硕士研究生', '博士研究生'];
const OCCUPATIONS = [
  '工人',
  '农民',
  '教师',
  '医务人员',
  '公务员',
  '企业管理人员',
  '专业技术人员',
  '学生',
  '军人',
  null,
];
const UNITS = [
  '第一车间',
  '第二车间',
  '研发中心',
  '财务处',
  '市场部',
  '后勤保障部',
  '信息中心',
  '质量管理部',
  '村委会',
  '社区',
];

/** The province's organizations, with each branch's weight (how many candidates it gets). */
function orgTree(rand, branchCount = 2000) {
  const at = new Date(Date.UTC(2018, 0, 1)).toISOString();
  const orgs = [];
  const add = (name, kind, parent, branchWeight) => {
    const id = uuid7(Date.UTC(2018, 0, 1) + orgs.length, rand);
    const org = { id, name, kind, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, createdAt: at };
    if (branchWeight) org.weight = branchWeight;
    orgs.push(org);
    return org;
  };
  const province = add('湖南省委组织部', 'department', null);
  const cities = CITIES.map(([city]) => add(`${city}市委组织部`, 'department', province));
  const committees = [];
  for (const city of cities) {
    const count = 6 + Math.floor(rand() * 10);
    for (let i = 0; i < count; i++)
      committees.push(add(`${city.name.replace('组织部', '')}${COMMITTEES[i % COMMITTEES.length]}`, 'committee', city));
  }
  // 2,000 branches over the committees: one each, the rest by log-normal weights.
  const perCommittee = committees.map(() => 1);
  const pickCommittee = weighted(
    committees.map((_, i) => i),
    committees.map(() => Math.exp(0.8 * normal(rand))),
  );
  for (let i = committees.length; i < branchCount; i++) perCommittee[pickCommittee(rand)] += 1;
  const branches = [];
  committees.forEach((committee, c) => {
    for (let k = 1; k <= perCommittee[c]; k++)
      branches.push(add(`${committee.name}第${k}党支部`, 'branch', committee, Math.exp(0.7 * normal(rand))));
  });
  return { province, cities, committees, branches, orgs };
}

const STAGE_SHARES = [
  ['applicant', 30],
  ['activist', 28],
  ['development_object', 9],
  ['probationary', 6],
  ['full_member', 17],
  ['rejected', 5],
  ['withdrawn', 5],
];
const pickStage = weighted(
  STAGE_SHARES.map(([s]) => s),
  STAGE_SHARES.map(([, w]) => w),
);
// Days after applying by which a stage can have been reached.
const STAGE_MIN_DAYS = { activist: 90, development_object: 460, probationary: 540, full_member: 900 };
const FALLBACK = {
  full_member: 'probationary',
  probationary: 'development_object',
  development_object: 'activist',
  activist: 'applicant',
};

/** The stage a candidate who applied `applied` (ms) has reached by `todayMs`, and the record to match. */
function stageAndRecord(rand, applied, todayMs) {
  let stage = pickStage(rand);
  const elapsed = (todayMs - applied) / DAY;
  if (stage === 'rejected' || stage === 'withdrawn') {
    const closedAfter = 30 + Math.floor(rand() * 300);
    if (closedAfter > elapsed) stage = 'applicant';
    else {
      const record = { talkDate: day(applied + 20 * DAY), closedOn: day(applied + closedAfter * DAY) };
      if (closedAfter > 90) record.activistDate = day(applied + 90 * DAY);
      return { stage, record };
    }
  }
  while (STAGE_MIN_DAYS[stage] > elapsed) stage = FALLBACK[stage];
  if (stage === 'applicant')
    return { stage, record: elapsed > 20 && rand() < 0.7 ? { talkDate: day(applied + 20 * DAY) } : {} };
  return { stage, record: recordOf(rand, applied, stage) };
}

/** An 18-digit national ID number with its check digit (GB 11643). */
function idNumberOf(region, birthDate, seq) {
  const body = `${region}${birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i];
  return body + '10X98765432'[sum % 11];
}

const ACTIVE_KIND = {
  applicant: 'talk',
  activist: 'assessment',
  development_object: 'approval',
  probationary: 'probation_end',
};

/**
 * The candidates and deadlines in chunks of `chunk` rows, oldest first (ids in time order).
 * Calls `onChunk(candidates, deadlines)` for each; returns what the bench needs to ask for.
 */
async function generate({ n, tree, todayMs, personalDataKey, chunk = 5000, onChunk }) {
  const rand = rng(SEED + 1);
  const from = todayMs - 8 * 365 * DAY;
  const to = todayMs - DAY;
  const pickBranch = weighted(
    tree.branches,
    tree.branches.map((b) => b.weight),
  );
  const cityRegion = new Map(tree.cities.map((c, i) => [c.id, CITIES[i][1]]));
  const fragments = new Map();
  const stages = {};
  const perOrg = new Map();
  const samples = { fullNames: [], idNumbers: [] };
  let withId = 0;
  let deadlineCount = 0;
  for (let i = 0; i < n; i += chunk) {
    const candidates = [];
    const deadlines = [];
    for (let k = i; k < Math.min(n, i + chunk); k++) {
      const createdMs = Math.floor(from + ((k + rand()) * (to - from)) / n);
      const applied = createdMs - Math.floor(rand() * 20) * DAY;
      const branch = pickBranch(rand);
      const { stage, record } = stageAndRecord(rand, applied, todayMs);
      const name = nameOf(rand);
      for (let c = 0; c + 1 < name.length; c++) {
        const f = name.slice(c, c + 2);
        fragments.set(f, (fragments.get(f) || 0) + 1);
      }
      stages[stage] = (stages[stage] || 0) + 1;
      for (const part of branch.path.split('/').filter(Boolean)) perOrg.set(part, (perOrg.get(part) || 0) + 1);
      const createdAt = new Date(createdMs).toISOString();
      const id = uuid7(createdMs, rand);
      const birthYear = new Date(applied).getUTCFullYear() - 18 - Math.floor(rand() * 25);
      const birthDate = `${birthYear}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      let idNumber = null;
      if (rand() < 0.3) {
        const city = branch.path.split('/')[2];
        idNumber = idNumberOf(
          cityRegion.get(city).slice(0, 4) + String(2 + Math.floor(rand() * 20)).padStart(2, '0'),
          birthDate,
          k,
        );
        withId += 1;
        if (k > n / 2 && samples.idNumbers.length < 5) samples.idNumbers.push(idNumber);
      }
      if (k % 9973 === 1234 && samples.fullNames.length < 20) samples.fullNames.push(name);
      const terminal = stage === 'full_member' || stage === 'rejected' || stage === 'withdrawn';
      candidates.push({
        id,
        org_id: branch.id,
        org_path: branch.path,
        name,
        gender: rand() < 0.52 ? 'male' : 'female',
        birth_date: birthDate,
        application_date: day(applied),
        ethnicity: rand() < 0.9 ? '汉族' : rand() < 0.5 ? '土家族' : '苗族',
        education: EDUCATION[Math.floor(rand() * EDUCATION.length)],
        occupation: OCCUPATIONS[Math.floor(rand() * OCCUPATIONS.length)],
        work_unit: UNITS[Math.floor(rand() * UNITS.length)],
        frontline: rand() < 0.3,
        high_knowledge: rand() < 0.2,
        id_hash: null,
        id_digest: idNumber && createHmac('sha256', personalDataKey).update(idNumber, 'utf8').digest('hex'),
        id_masked: idNumber && `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(-4)}`,
        stage,
        deferred: !terminal && rand() < 0.02,
        open_complaints: 0,
        record: JSON.stringify(record),
        version: 1 + Object.keys(record).length,
        profile_stamp: 'default@bench-seed',
        created_at: createdAt,
        updated_at: createdAt,
      });
      if (!terminal && rand() < 0.125) {
        const dueMs = todayMs + Math.floor(rand() * 180 - 120) * DAY;
        deadlines.push({
          id: uuid7(createdMs, rand),
          candidate_id: id,
          org_path: branch.path,
          kind: ACTIVE_KIND[stage],
          due_on: day(dueMs),
          status: dueMs < todayMs ? 'overdue' : 'pending',
          ref_id: null,
          created_at: createdAt,
          resolved_at: null,
        });
      }
    }
    deadlineCount += deadlines.length;
    await onChunk(candidates, deadlines);
  }
  const byCount = [...fragments].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const rare = byCount.filter(([, c]) => c >= 2 && c <= 5);
  return {
    stages,
    withId,
    deadlines: deadlineCount,
    perOrg,
    commonFragments: byCount.slice(0, 50),
    rareFragment: rare[Math.floor(rare.length / 2)] ?? byCount[byCount.length - 1],
    fullNames: samples.fullNames,
    idNumbers: samples.idNumbers,
  };
}

const CANDIDATE_COLUMNS = [
  'id',
  'org_id',
  'org_path',
  'name',
  'gender',
  'birth_date',
  'application_date',
  'ethnicity',
  'education',
  'occupation',
  'work_unit',
  'frontline',
  'high_knowledge',
  'id_hash',
  'id_digest',
  'id_masked',
  'stage',
  'deferred',
  'open_complaints',
  'record',
  'version',
  'profile_stamp',
  'created_at',
  'updated_at',
];
const DEADLINE_COLUMNS = [
  'id',
  'candidate_id',
  'org_path',
  'kind',
  'due_on',
  'status',
  'ref_id',
  'created_at',
  'resolved_at',
];
const ORG_COLUMNS = ['id', 'name', 'kind', 'parent_id', 'path', 'created_at'];
const MEMBER_COLUMNS = ['id', 'org_id', 'name', 'status', 'voting_rights', 'joined_on', 'candidate_id', 'created_at'];
const BOOLEAN = new Set(['frontline', 'high_knowledge', 'deferred', 'voting_rights']);
const LOADED = ['candidates', 'deadlines'];

const orgRow = (o) => ({ ...o, parent_id: o.parentId, created_at: o.createdAt });

/** Three formal members on a branch's roster (the vote's cultivators and introducers). */
function rosterOf(branch, rand) {
  return [0, 1, 2].map((i) => ({
    id: uuid7(Date.UTC(2019, 0, 1) + i, rand),
    org_id: branch.id,
    name: `党员${i + 1}`,
    status: 'formal',
    voting_rights: true,
    joined_on: '2010-07-01',
    candidate_id: null,
    created_at: new Date(Date.UTC(2019, 0, 1)).toISOString(),
  }));
}

// ── SQLite ──

function sqliteWriter(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const statements = new Map();
  const insert = (table, columns, rows) => {
    const perStatement = Math.floor(30000 / columns.length);
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      const key = `${table}:${part.length}`;
      if (!statements.has(key))
        statements.set(
          key,
          db.prepare(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ` +
              part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', '),
          ),
        );
      const params = [];
      for (const row of part)
        for (const c of columns) params.push(BOOLEAN.has(c) ? (row[c] ? 1 : 0) : (row[c] ?? null));
      statements.get(key).run(params);
    }
  };
  let dropped = [];
  return {
    async dropIndexes() {
      dropped = db
        .prepare(
          `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${LOADED.map((t) => `'${t}'`).join(', ')})`,
        )
        .all();
      for (const d of dropped) db.exec(`DROP ${d.type.toUpperCase()} "${d.name}"`);
    },
    async recreateIndexes() {
      for (const d of dropped) db.exec(d.sql);
    },
    async insert(table, columns, rows) {
      db.transaction(() => insert(table, columns, rows))();
    },
    async close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

// ── PostgreSQL ──

async function postgresWriter(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query('SET synchronous_commit = off');
  let dropped = [];
  return {
    async dropIndexes() {
      dropped = (
        await client.query(
          `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS sql
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
             JOIN pg_namespace s ON s.oid = t.relnamespace
            WHERE s.nspname = current_schema() AND t.relname = ANY($1)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
          [LOADED],
        )
      ).rows;
      for (const d of dropped) await client.query(`DROP INDEX "${d.name}"`);
      for (const t of LOADED) await client.query(`ALTER TABLE "${t}" DISABLE TRIGGER USER`);
    },
    async recreateIndexes() {
      for (const d of dropped) await client.query(d.sql);
      for (const t of LOADED) await client.query(`ALTER TABLE "${t}" ENABLE TRIGGER USER`);
    },
    async insert(table, columns, rows) {
      // One JSON parameter, unpacked by the server: faster than 24 arrays of 5,000 elements each.
      const list = columns.map((c) => `"${c}"`).join(', ');
      await client.query(
        `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`,
        [JSON.stringify(rows)],
      );
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * Seeds a migrated, idle database (`sqlite:<file>` or a postgres URL): the org tree, a roster of
 * three on the vote branch, `n` candidates and their deadlines. Returns the tree and the samples.
 */
async function seedProvince(dbUrl, { n, personalDataKey, todayMs = Date.now() }) {
  const postgres = !dbUrl.startsWith('sqlite:');
  const writer = postgres ? await postgresWriter(dbUrl) : sqliteWriter(dbUrl.slice('sqlite:'.length));
  const rand = rng(SEED);
  const tree = orgTree(rand);
  try {
    await writer.insert('organizations', ORG_COLUMNS, tree.orgs.map(orgRow));
    tree.voteBranch = tree.branches[tree.branches.length - 1];
    tree.roster = rosterOf(tree.voteBranch, rand);
    await writer.insert('members', MEMBER_COLUMNS, tree.roster);
    await writer.dropIndexes();
    let pending = Promise.resolve();
    const seeded = await generate({
      n,
      tree,
      todayMs,
      personalDataKey,
      // The next chunk is generated while the database writes this one.
      onChunk: async (candidates, deadlines) => {
        await pending;
        pending = writer
          .insert('candidates', CANDIDATE_COLUMNS, candidates)
          .then(() => writer.insert('deadlines', DEADLINE_COLUMNS, deadlines));
        pending.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
      },
    });
    await pending;
    await writer.recreateIndexes();
    return { tree, ...seeded };
  } finally {
    await writer.close();
  }
}

module.exports = { seedProvince, rng, nameOf };
