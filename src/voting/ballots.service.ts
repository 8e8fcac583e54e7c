import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
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

/** SPEC §7.3: electronic secret ballots — the papers (and the sealed box they set up) and the cast. */
@Injectable()
export class Ballots {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: SessionAccess,
  ) {}

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
   * The hot path of a vote, so in plain SQL: four statements, no query builder.
   */
  async cast(dto: CastBallotDto): Promise<{ receipt: string }> {
    const codeHash = hashCode(dto.code);
    const receipt = newReceipt();
    const ballotId = randomId();
    const pg = !this.tx.isSqlite;
    const $ = (i: number) => (pg ? `$${i}` : '?');
    await this.tx.run(async (em) => {
      const [code] = (await em.query(`SELECT session_id, used FROM ballot_codes WHERE code_hash = ${$(1)}`, [
        codeHash,
      ])) as { session_id: string; used: boolean | number }[];
      if (!code) throw notFound('选票码');
      // Shared lock: casts run side by side, a close (FOR UPDATE) waits for those in flight (PostgreSQL).
      const [session] = (await em.query(
        `SELECT status, candidate_count, seal_key FROM vote_sessions WHERE id = ${$(1)}${pg ? ' FOR SHARE' : ''}`,
        [code.session_id],
      )) as {
        status: string;
        candidate_count: number;
        seal_key: string;
      }[];
      if (!session || session.status !== 'open') throw new VoteClosed();
      if (code.used === true || code.used === 1) throw new BallotCodeUsed();
      const sealed = seal(
        session.seal_key,
        encodeChoices(dto.choices, session.candidate_count, await this.access.ordinalsOf(em, code.session_id)),
      );
      const consumed = await em.queryRunner!.query(
        `UPDATE ballot_codes SET used = ${$(1)}, receipt = ${$(2)} WHERE code_hash = ${$(3)} AND used = ${$(4)}`,
        [true, receipt, codeHash, false],
        true,
      );
      if (consumed.affected !== 1) throw new BallotCodeUsed();
      await em.query(`INSERT INTO ballots (id, session_id, choices) VALUES (${$(1)}, ${$(2)}, ${$(3)})`, [
        ballotId,
        code.session_id,
        sealed,
      ]);
    });
    return { receipt };
  }
}
