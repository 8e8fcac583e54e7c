'use strict';
// The floor for bench/ballots.js: the same cast — hash the code, consume it with a
// conditional UPDATE, insert the ballot, one transaction — on bare node:http and
// better-sqlite3, no framework, no validation beyond JSON.parse.
// Usage: node bench/bare-ballots-server.js <port> <sqlite file> <number of codes>
const http = require('node:http');
const { createHash, randomBytes, randomUUID } = require('node:crypto');
const Database = require('better-sqlite3');

const [port, file, n] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE ballot_codes (code_hash TEXT PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0, receipt TEXT) WITHOUT ROWID;
         CREATE TABLE ballots (id TEXT PRIMARY KEY, choices TEXT NOT NULL) WITHOUT ROWID;`);
const hash = (code) => createHash('sha256').update(`ballot-code\n${code}`).digest('hex');
const insertCode = db.prepare('INSERT INTO ballot_codes (code_hash) VALUES (?)');
db.transaction(() => {
  for (let i = 0; i < n; i++) insertCode.run(hash(`CODE${i}`));
})();

const consume = db.prepare('UPDATE ballot_codes SET used = 1, receipt = ? WHERE code_hash = ? AND used = 0');
const insertBallot = db.prepare('INSERT INTO ballots (id, choices) VALUES (?, ?)');
const cast = db.transaction((codeHash, choices, receipt) => {
  if (consume.run(receipt, codeHash).changes !== 1) return false;
  insertBallot.run(randomUUID(), choices);
  return true;
});

http
  .createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        const { code, choices } = JSON.parse(body);
        const receipt = randomBytes(10).toString('hex');
        const ok = cast(hash(code), JSON.stringify(choices), receipt);
        res.writeHead(ok ? 201 : 409, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { receipt } : { code: 'BALLOT_CODE_USED' }));
      } catch {
        res.writeHead(400).end();
      }
    });
  })
  .listen(port, '127.0.0.1', () => process.send?.('ready'));
