'use strict';
// Issue 12 (SPEC §15): importing 10,000 applicants from one .xlsx, and exporting 100,000
// candidates to .xlsx, each timed and with the service's peak resident memory (VmRSS of its
// process, sampled every 20 ms while the request runs), beside a baseline from the same run:
// the same 10,000 created one POST at a time (10 in flight), and the same 100,000 read as JSON
// pages of 500 through GET /api/candidates.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { startService, freshDatabase, token, seedBranches, ROOT } = require('./lib');
const { seedMany, nameOf, rng } = require('./candidates');

const ExcelJS = require(join(ROOT, 'node_modules/exceljs'));

const kB = (pid, field) => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};
const mb = (k) => +(k / 1024).toFixed(0);

/** `work`'s duration and the service's highest VmRSS while it ran. */
async function measured(pid, work) {
  let peak = kB(pid, 'VmRSS');
  const timer = setInterval(() => (peak = Math.max(peak, kB(pid, 'VmRSS'))), 20);
  const t0 = performance.now();
  try {
    const result = await work();
    return { ms: Math.round(performance.now() - t0), peakRssMB: mb(Math.max(peak, kB(pid, 'VmRSS'))), result };
  } finally {
    clearInterval(timer);
  }
}

function applicant(k) {
  const rand = rng(k + 7);
  const year = 1970 + (k % 30);
  return {
    name: nameOf(rand),
    gender: k % 2 ? '女' : '男',
    birthDate: `${year}-0${1 + (k % 9)}-15`,
    applicationDate: `2026-${String(1 + (k % 10)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
    idNumber: `3301${String(k).padStart(13, '0')}1`, // one person each
  };
}

async function importFile(rows, from) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('入党申请人');
  ws.addRow(['姓名', '性别', '出生日期', '申请日期', '学历', '工作单位', '身份证号']);
  for (let k = from; k < from + rows; k++) {
    const a = applicant(k);
    ws.addRow([a.name, a.gender, a.birthDate, a.applicationDate, '本科', '第一车间', a.idNumber]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(base, tok, path, file) {
  const form = new FormData();
  form.append('file', new Blob([file]), 'import.xlsx');
  const res = await fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: form });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** 10 in flight, one POST /api/candidates per applicant. */
async function singleCreates(base, tok, orgId, from, count) {
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const a = applicant(next++);
      const res = await fetch(`${base}/api/candidates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
        body: JSON.stringify({ orgId, ...a, gender: a.gender === '女' ? 'female' : 'male' }),
      });
      if (res.status !== 201) throw new Error(`create → ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
}

/** Rows of the downloaded workbook's first sheet, read back with exceljs' streaming reader. */
async function countRows(bytes) {
  const { Readable } = require('node:stream');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: 'emit' });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) rows += row ? 1 : 0;
    break;
  }
  return rows - 1; // less the header
}

module.exports = async function officeBench({
  kind = 'sqlite',
  port = 3451,
  importRows = 10000,
  exportRows = 100000,
} = {}) {
  const db = await freshDatabase(kind);
  const svc = await startService(kind, port, { DATABASE_URL: db.url });
  try {
    const admin = token('admin');
    const { committee, branches } = await seedBranches(svc.base, admin, 12);
    const branchTok = token('branch', branches[0].id);
    const idleRssMB = mb(kB(svc.pid, 'VmRSS'));

    // Import: 1,000 single creates (the baseline, per row), then 10,000 in one file: dry run, commit.
    const baseline = await measured(svc.pid, () => singleCreates(svc.base, branchTok, branches[0].id, 0, 1000));
    const file = await importFile(importRows, 1000);
    const path = `/api/candidates/import?orgId=${branches[0].id}`;
    const dry = await measured(svc.pid, () => upload(svc.base, branchTok, `${path}&dryRun=true`, file));
    if (dry.result.errors.length) throw new Error(`dry run: ${JSON.stringify(dry.result.errors.slice(0, 3))}`);
    const commit = await measured(svc.pid, () => upload(svc.base, branchTok, path, file));
    if (commit.result.imported !== importRows) throw new Error(`imported ${commit.result.imported}`);

    // Export: 100,000 more seeded; the JSON pages first (the baseline), then the workbook.
    await seedMany(db.url, branches, exportRows);
    const tok = token('committee', committee.id);
    const total = exportRows + importRows + 1000;
    const pages = await measured(svc.pid, async () => {
      let read = 0;
      for (let page = 1; ; page++) {
        const res = await fetch(`${svc.base}/api/candidates?limit=500&page=${page}`, {
          headers: { authorization: `Bearer ${tok}` },
        });
        const body = await res.json();
        read += body.items.length;
        if (body.items.length < 500) return read;
      }
    });
    const exported = await measured(svc.pid, async () => {
      const res = await fetch(`${svc.base}/api/candidates/export.xlsx`, {
        headers: { authorization: `Bearer ${tok}` },
      });
      if (res.status !== 200) throw new Error(`export → ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    });
    const exportedRows = await countRows(exported.result);
    return {
      name: `office-${kind}`,
      ok: pages.result === total && exportedRows === total,
      figures: {
        idleRssMB,
        singleCreates1000: {
          ms: baseline.ms,
          perRowMs: +(baseline.ms / 1000).toFixed(2),
          peakRssMB: baseline.peakRssMB,
        },
        importFileKB: Math.round(file.length / 1024),
        importDryRun: { rows: dry.result.rows, ms: dry.ms, peakRssMB: dry.peakRssMB },
        importCommit: {
          rows: commit.result.imported,
          ms: commit.ms,
          perRowMs: +(commit.ms / importRows).toFixed(2),
          peakRssMB: commit.peakRssMB,
        },
        jsonPages: { rows: pages.result, ms: pages.ms, peakRssMB: pages.peakRssMB },
        exportXlsx: {
          rows: exportedRows,
          ms: exported.ms,
          kB: Math.round(exported.result.length / 1024),
          peakRssMB: exported.peakRssMB,
        },
      },
    };
  } finally {
    await svc.stop();
  }
};
