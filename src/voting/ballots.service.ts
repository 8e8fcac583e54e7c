import { Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { DataSource, EntityManager, In } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';
import { Caller } from '../auth/roles';
import { notFound, RuleViolation } from '../common/domain-error';
import { randomId } from '../common/ids';
import { listIds } from '../common/lists';
import { insertRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import { newBallotBox, seal } from './ballot-box';
import { hashCode, newBallotCode, newReceipt, shuffle } from './ballot-codes';
import { BallotPapersDto, CastBallotDto } from './dto';
import { SessionAccess } from './session-access';
import { BallotCode, PaperRecipient, VoteAttendance, VoteSession } from './vote.entities';
import { BallotCodeUsed, PaperAlreadyIssued, VoteClosed } from './errors';
import { encodeChoices, fieldError } from './voting-text';

/** A code with its session, as the cast reads them. */
interface CodeRow {
  session_id: string;
  used: boolean | number;
  status: string;
  candidate_count: number;
  seal_key: string;
}

/** The cast's three statements, run inside the cast's transaction (`em`'s). */
interface CastSql {
  read(em: EntityManager, codeHash: string): Promise<CodeRow | undefined>;
  /** The code consumed if unused: 1 row affected, else 0. */
  consume(em: EntityManager, codeHash: string, receipt: string): Promise<number>;
  insert(em: EntityManager, ballotId: string, sessionId: string, sealed: string): Promise<void>;
}

const READ =
  'SELECT c.session_id, c.used, s.status, s.candidate_count, s.seal_key FROM ballot_codes c ' +
  'JOIN vote_sessions s ON s.id = c.session_id WHERE c.code_hash = ';

/** PostgreSQL: through the transaction's query runner; casts share the session row (a close, FOR UPDATE, waits for those in flight). */
function postgresCastSql(): CastSql {
  const read = `${READ}$1 FOR SHARE OF s`;
  const consume = 'UPDATE ballot_codes SET used = true, receipt = $1 WHERE code_hash = $2 AND used = false';
  const insert = 'INSERT INTO ballots (id, session_id, choices) VALUES ($1, $2, $3)';
  return {
    read: async (em, codeHash) => ((await em.query(read, [codeHash])) as CodeRow[])[0],
    consume: async (em, codeHash, receipt) =>
      (await em.queryRunner!.query(consume, [receipt, codeHash], true)).affected ?? 0,
    insert: async (em, ballotId, sessionId, sealed) => void (await em.query(insert, [ballotId, sessionId, sealed])),
  };
}

/**
 * SQLite: statements prepared once on the driver's one connection, inside the transaction
 * that TransactionRunner began on it (SQLite has that one connection; its transactions take
 * turns). TypeORM's per-query machinery cost a cast more than its three statements did.
 */
function sqliteCastSql(connection: () => Database): CastSql & { statements: () => SqliteCastStatements } {
  let prepared: SqliteCastStatements | undefined;
  const statements = () =>
    (prepared ??= {
      read: connection().prepare(`${READ}?`),
      consume: connection().prepare('UPDATE ballot_codes SET used = 1, receipt = ? WHERE code_hash = ? AND used = 0'),
      insert: connection().prepare('INSERT INTO ballots (id, session_id, choices) VALUES (?, ?, ?)'),
    });
  return {
    statements,
    read: async (_em, codeHash) => statements().read.get(codeHash) as CodeRow | undefined,
    consume: async (_em, codeHash, receipt) => statements().consume.run(receipt, codeHash).changes,
    insert: async (_em, ballotId, sessionId, sealed) => void statements().insert.run(ballotId, sessionId, sealed),
  };
}

type CastNow = (dto: CastBallotDto, codeHash: string, receipt: string, ballotId: string) => boolean;

interface SqliteCastStatements {
  read: Statement;
  consume: Statement;
  insert: Statement;
}

/** SPEC §7.3: electronic secret ballots — the papers (and the sealed box they set up) and the cast. */
@Injectable()
export class Ballots {
  private readonly sql: CastSql;
  /** SQLite: the whole cast as one synchronous transaction, if it may run at once; false: it was not run. */
  private readonly castNow?: CastNow;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: SessionAccess,
    dataSource: DataSource,
  ) {
    if (!tx.isSqlite) {
      this.sql = postgresCastSql();
      return;
    }
    const connection = () => (dataSource.driver as BetterSqlite3Driver).databaseConnection as Database;
    const sql = sqliteCastSql(connection);
    this.sql = sql;
    let castTx: CastNow | undefined;
    this.castNow = (...args) => {
      const db = connection();
      // Between transactions: a cast that awaits nothing begins and commits within this one
      // turn of the event loop, so no other transaction can interleave with it (SPEC §3).
      if (db.inTransaction) return false;
      castTx ??= db.transaction((dto: CastBallotDto, codeHash: string, receipt: string, ballotId: string) => {
        const { read, consume, insert } = sql.statements();
        const code = checked(read.get(codeHash) as CodeRow | undefined);
        const ordinals = this.access.cachedOrdinalsOf(code.session_id);
        if (!ordinals) return false; // read only so far: the queued cast loads them
        const sealed = seal(code.seal_key, encodeChoices(dto.choices, code.candidate_count, ordinals));
        if (consume.run(receipt, codeHash).changes !== 1) throw new BallotCodeUsed();
        insert.run(ballotId, code.session_id, sealed);
        return true;
      });
      return castTx(...args);
    };
  }

  /**
   * The first papers of a session also set up its sealed ballot box: the tellers' key comes
   * back with them, once, and is never stored (SPEC §7.3).
   */
  async ballotPapers(
    caller: Caller,
    id: string,
    dto: BallotPapersDto,
  ): Promise<{ sessionId: string; codes: string[]; tallyKey?: string }> {
    const n = dto.memberIds?.length ?? dto.count ?? 0;
    // Generated and hashed before the transaction (synchronous crypto only).
    const codes = Array.from({ length: n }, newBallotCode);
    const rows = shuffle(codes.map((code) => hashCode(code)));
    const tallyKey = await this.tx.run(async (em) => {
      const session = await this.access.requireOpen(em, caller, id);
      if (session.mode !== 'electronic') throw new RuleViolation('VOTE_MODE_MISMATCH', '纸质表决不发放电子选票码');
      if (session.level === 'branch_meeting') {
        if (dto.memberIds === undefined || dto.count !== undefined)
          throw fieldError('memberIds', '支部大会按到会党员名单（memberIds）发放选票');
        const present = new Set((await em.find(VoteAttendance, { where: { sessionId: id } })).map((a) => a.memberId));
        const absent = dto.memberIds.filter((m) => !present.has(m));
        if (absent.length)
          throw new RuleViolation(
            'MEMBER_NOT_PRESENT',
            `选票只发给到会的有表决权党员，以下党员未登记到会: ${listIds(absent)}`,
          );
        const already = await em.find(PaperRecipient, { where: { sessionId: id, memberId: In(dto.memberIds) } });
        if (already.length) throw new PaperAlreadyIssued(already.map((r) => r.memberId));
        await insertRows(
          em,
          PaperRecipient,
          dto.memberIds.map((memberId) => ({ sessionId: id, memberId })),
        );
      } else {
        if (dto.count === undefined || dto.memberIds !== undefined)
          throw fieldError('count', '须填写发放选票的张数（count）');
        const cap = session.present ?? session.expected;
        if (session.papersIssued + n > cap) {
          throw new RuleViolation(
            'PAPERS_EXCEED_PRESENT',
            `已发出 ${session.papersIssued} 张，再发 ${n} 张将超过${session.present === null ? '应到' : '实到'}人数 ${cap}`,
          );
        }
      }
      await insertRows(
        em,
        BallotCode,
        rows.map((codeHash) => ({ codeHash, sessionId: id, used: false, receipt: null })),
      );
      const box = session.sealKey === null ? newBallotBox() : null;
      await em.update(
        VoteSession,
        { id },
        { papersIssued: session.papersIssued + n, ...(box ? { sealKey: box.publicKey } : {}) },
      );
      return box?.tallyKey;
    });
    return { sessionId: id, codes: shuffle(codes), ...(tallyKey ? { tallyKey } : {}) };
  }

  /**
   * One accepted ballot per code, under any concurrency: the code is consumed by a
   * conditional UPDATE (… WHERE used = false, one row affected) in the same transaction as
   * the ballot insert. The ballot row has a random id and its choices sealed to the
   * session's public key, nothing else: a database reader, who can tie this row to its code
   * (same transaction), learns that the code was used, never how.
   * The hot path of a vote, so in plain SQL (CastSql): three statements, no query builder.
   * The code is read with its session in one statement, so the session's status is read
   * inside the cast's transaction: a close in progress before it (SQLite) or holding the row
   * FOR UPDATE (PostgreSQL) is seen, and the cast refused.
   * On SQLite, while no transaction is open on the connection and the session's ordinals are
   * loaded, the cast runs at once as one better-sqlite3 transaction (castNow): it awaits nothing,
   * so it begins and commits before any other work can run — the queue's turn without the
   * queue, and without TypeORM's transaction machinery and its promises.
   */
  async cast(dto: CastBallotDto): Promise<{ receipt: string }> {
    const codeHash = hashCode(dto.code);
    const receipt = newReceipt();
    const ballotId = randomId();
    if (this.castNow?.(dto, codeHash, receipt, ballotId)) return { receipt };
    const sql = this.sql;
    await this.tx.run(async (em) => {
      const code = checked(await sql.read(em, codeHash));
      const sealed = seal(
        code.seal_key,
        encodeChoices(dto.choices, code.candidate_count, await this.access.ordinalsOf(em, code.session_id)),
      );
      if ((await sql.consume(em, codeHash, receipt)) !== 1) throw new BallotCodeUsed();
      await sql.insert(em, ballotId, code.session_id, sealed);
    });
    return { receipt };
  }
}

/** The code as read with its session: unknown 404, session not open 409 VOTE_CLOSED, used 409 BALLOT_CODE_USED. */
function checked(code: CodeRow | undefined): CodeRow {
  if (!code) throw notFound('选票码');
  if (code.status !== 'open') throw new VoteClosed();
  if (code.used === true || code.used === 1) throw new BallotCodeUsed();
  return code;
}
