'use strict';
// `npm run documents` (after `npm run build`): what a clerk prints. Starts the demo service
// (dist/demo/main.js) in a temporary folder, downloads its four Word documents (SPEC §15) — the
// publicity notice, a vote record (票决情况报告), a follow-up visit record and a candidate's full
// record — converts each to PDF with LibreOffice (Debian's libreoffice-writer) and the first page
// to PNG with pdftoppm (poppler-utils), into docs/screenshots/document-*.png. Not part of CI:
// LibreOffice takes most of a minute to start here.
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, 'screenshots');
const PORT = 3499;
const base = `http://127.0.0.1:${PORT}`;

async function main() {
  for (const tool of ['libreoffice', 'pdftoppm']) execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); // apt-get install libreoffice-writer poppler-utils
  const dir = mkdtempSync(join(tmpdir(), 'admissions-documents-'));
  const child = spawn(process.execPath, [join(ROOT, 'dist/demo/main.js')], {
    cwd: dir,
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', CONFIG_DIR: join(ROOT, 'config'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const users = join(dir, 'data/demo-users.txt');
    for (
      let i = 0;
      !existsSync(users) ||
      !(await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 240) throw new Error('the demo service did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    const password = /^admin=(.*)$/m.exec(readFileSync(users, 'utf8'))[1];
    const login = await (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      })
    ).json();
    const auth = { authorization: `Bearer ${login.accessToken}` };
    const get = async (path) => (await fetch(base + path, { headers: auth })).json();

    const notice = (await get('/api/publicity?limit=1')).items[0];
    const vote = (await get('/api/votes?limit=100')).items.find(
      (v) => v.status === 'closed' && v.level === 'branch_meeting',
    );
    const visit = (await get('/api/visits?limit=1')).items[0];
    const documents = {
      notice: `/api/publicity/${notice.id}/notice.docx`,
      'vote-record': `/api/votes/${vote.id}/record.docx`,
      'visit-record': `/api/visits/${visit.id}/record.docx`,
      'full-record': `/api/candidates/${visit.candidateId}/record.docx`,
    };
    for (const [name, path] of Object.entries(documents)) {
      const res = await fetch(base + path, { headers: auth });
      if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
      writeFileSync(join(dir, `${name}.docx`), Buffer.from(await res.arrayBuffer()));
    }
    const files = Object.keys(documents).map((name) => join(dir, `${name}.docx`));
    execFileSync(
      'libreoffice',
      ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'pdf', '--outdir', dir, ...files],
      {
        stdio: 'ignore',
      },
    );
    for (const name of Object.keys(documents)) {
      const pdf = join(dir, `${name}.pdf`);
      const pages = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1];
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, join(dir, name)]);
      renameSync(join(dir, `${name}.png`), join(OUT, `document-${name}.png`));
      console.log(`docs/screenshots/document-${name}.png (${pages} page${pages === '1' ? '' : 's'} in all)`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
