import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountabilityService } from '../accountability';
import { Caller } from '../auth/roles';
import { CandidatesService, CandidateWriter } from '../candidates';
import { Clock } from '../common/clock';
import { RuleViolation, Violation } from '../common/domain-error';
import { randomId } from '../common/ids';
import { RulesProfileService } from '../config/rules-profile.service';
import { insertRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import { PlansService } from '../plans';
import {
  CandidateState,
  tallyBranchMeeting,
  tallyCommittee,
  tallyMassAssessment,
  VoteOutcome,
} from '@admissions/rules';
import { Opener, openerFor } from './ballot-box';
import { shuffle } from './ballot-codes';
import { CloseVoteDto } from './dto';
import { SessionAccess } from './session-access';
import { Choice } from './validators';
import { Ballot, BallotCode, VoteCandidate, VoteCount, VoteResult, VoteSession, WrittenOpinion } from './vote.entities';
import { resultRow, ResultLine, ResultView, toResultLine } from './views';
import { VoteClosed } from './errors';
import { fieldError, UNREADABLE } from './voting-text';

interface Counts {
  approve: number;
  reject: number;
  abstain: number;
  invalid: number;
}
interface Written {
  approve: number;
  reject: number;
  abstain: number;
}
const NO_WRITTEN: Written = { approve: 0, reject: 0, abstain: 0 };

/** SPEC §7.4: the close that opens the box (or takes the tellers' counts), tallies with the rules module and applies; the result and receipts. */
@Injectable()
export class VoteClose {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly candidates: CandidatesService,
    private readonly writer: CandidateWriter,
    private readonly accountability: AccountabilityService,
    private readonly plans: PlansService,
    private readonly access: SessionAccess,
  ) {}

  /**
   * An electronic session's box is opened in memory with the tellers' key and counted; the
   * sealed rows are replaced by the opened ballots in shuffled order under new ids, and once
   * committed the old rows are purged (SPEC §7.3: PostgreSQL VACUUM, SQLite a truncating
   * checkpoint), so nothing ties a ballot's choices to its code, receipt or time.
   */
  async close(caller: Caller, id: string, dto: CloseVoteDto): Promise<ResultView> {
    const result = await this.tx.run(async (em) => {
      const session = await this.access.requireOpen(em, caller, id);
      const vcs = await em.find(VoteCandidate, { where: { sessionId: id }, order: { ordinal: 'ASC' } });
      const loaded = await this.writer.lock(
        em,
        vcs.map((v) => v.candidateId),
      );
      const list = vcs.map((v) => loaded.get(v.candidateId)!);

      const present = this.presentAtClose(session);
      const written =
        session.level === 'branch_meeting'
          ? await this.writtenTallies(em, id, new Map(vcs.map((v) => [v.candidateId, v.ordinal])))
          : null;
      const opener = this.openerOf(session, dto.tallyKey);
      const raw =
        opener === undefined
          ? await this.paperCounts(em, id, vcs, list)
          : await this.openBox(em, id, vcs.length, opener);
      const outcomes = vcs.map((_, i) => this.tally(session, present, raw[i], written?.[i]));
      const counted = raw.map((c, i) => withWritten(c, written?.[i] ?? NO_WRITTEN));
      const violationsOf = await this.applyOutcomes(
        em,
        caller,
        session,
        vcs.map((v) => v.candidateId),
        loaded,
        outcomes,
        counted,
      );

      const rows = vcs.map((v, i) =>
        resultRow(
          id,
          v.ordinal,
          v.candidateId,
          raw[i],
          written?.[i] ?? NO_WRITTEN,
          outcomes[i],
          violationsOf[i].length === 0,
          violationsOf[i],
        ),
      );
      await insertRows(em, VoteResult, rows);
      const lines = rows.map((r, i) => toResultLine(r, list[i].name, session.level === 'branch_meeting'));
      // Read after the writes above (PostgreSQL: once the server has done them): the accountability
      // records a candidate's outcome raised are in the head.
      const head = await this.accountability.ledgerHead(em);
      const closed = {
        status: 'closed' as const,
        present,
        quorumMet: outcomes.every((o) => o.quorumMet),
        ledgerLength: head.length,
        ledgerHead: head.head,
        closedBy: caller.sub,
        closedAt: this.clock.now().toISOString(),
      };
      const done = await em
        .createQueryBuilder()
        .update(VoteSession)
        .set(closed)
        .where('id = :id AND status = :open', { id, open: 'open' })
        .execute();
      if (done.affected !== 1) throw new VoteClosed();
      Object.assign(session, closed);
      const receipts = session.mode === 'electronic' ? await this.receipts(em, id) : undefined;
      return this.resultView(session, lines, receipts);
    });
    if (result.receipts) await this.tx.purgeDeleted(['ballots']);
    return result;
  }

  /**
   * Paper: undefined. Electronic: an opener for the session's box (null when no paper was
   * ever issued, so nothing was sealed). 400 without the key, 422 TALLY_KEY_INVALID when it
   * does not open this box, whatever is wrong with it.
   */
  private openerOf(session: VoteSession, tallyKey: string | undefined): Opener | null | undefined {
    if (session.mode === 'paper') return undefined;
    if (session.sealKey === null) return null;
    if (tallyKey === undefined) throw fieldError('tallyKey', '电子表决须提供监票人开箱密钥（tallyKey）才能开箱计票');
    const opener = openerFor(tallyKey, session.sealKey);
    if (!opener)
      throw new RuleViolation(
        'TALLY_KEY_INVALID',
        '开箱密钥不正确，无法打开本次表决的票箱；密钥遗失的，须宣布本次表决无效并重新表决',
      );
    return opener;
  }

  /**
   * SPEC §7.4: each candidate's outcome applied through the candidate's writer — or, when its
   * gate fails now (a complaint filed since the session opened …) or the meeting had no
   * quorum, tallied but not applied. Returns the violations that kept each outcome from applying.
   */
  private async applyOutcomes(
    em: EntityManager,
    caller: Caller,
    session: VoteSession,
    ids: readonly string[],
    locked: ReadonlyMap<string, CandidateState>,
    outcomes: VoteOutcome[],
    counted: Counts[],
  ): Promise<Violation[][]> {
    if (session.purpose === 'plan') {
      const included = ids.filter((_, i) => outcomes[i].passed);
      const excluded = ids.filter((_, i) => !outcomes[i].passed);
      await this.plans.decide(em, session.planId!, session.id, session.meetingDate, { included, excluded });
      return ids.map(() => []);
    }
    const purpose = session.purpose as 'admission' | 'conversion';
    const done = await this.writer.run(
      em,
      caller,
      ids.map((id, i) => ({
        id,
        command: {
          type: 'vote',
          meetingDate: session.meetingDate,
          outcome: outcomes[i],
          data: {
            voteId: session.id,
            orgId: session.orgId,
            level: session.level,
            purpose,
            ...counted[i],
            required: outcomes[i].required,
            passed: outcomes[i].passed,
            reason: outcomes[i].reason,
          },
        },
      })),
      { each: true, named: true, locked },
    );
    return done.map((d) => d.violations.map(({ code, message }) => ({ code, message })));
  }

  async result(caller: Caller, id: string): Promise<ResultView> {
    const em = this.dataSource.manager;
    const session = await this.access.requireSession(em, caller, id);
    if (session.status === 'open') return this.resultView(session, []);
    const rows = await em.find(VoteResult, { where: { sessionId: id }, order: { ordinal: 'ASC' } });
    const names = await this.candidates.names(
      em,
      rows.map((r) => r.candidateId),
    );
    const receipts = session.mode === 'electronic' ? await this.receipts(em, id) : undefined;
    return this.resultView(
      session,
      rows.map((r) => toResultLine(r, names.get(r.candidateId) ?? '', session.level === 'branch_meeting')),
      receipts,
    );
  }

  private resultView(s: VoteSession, results: ResultLine[], receipts?: string[]): ResultView {
    const closed = s.status === 'closed';
    return {
      id: s.id,
      level: s.level,
      purpose: s.purpose,
      status: s.status,
      quorumMet: closed ? !!s.quorumMet : null,
      expected: s.expected,
      present: s.present,
      results,
      ...(receipts ? { receipts } : {}),
      ...(closed && s.ledgerHead !== null ? { ledgerHead: s.ledgerHead, ledgerLength: s.ledgerLength ?? 0 } : {}),
      closedAt: s.closedAt,
    };
  }

  /** Sorted: the published list says nothing about the order of casting. */
  private async receipts(em: EntityManager, sessionId: string): Promise<string[]> {
    const rows = await em.find(BallotCode, { select: { receipt: true }, where: { sessionId, used: true } });
    return rows.map((r) => r.receipt!).sort();
  }

  private presentAtClose(session: VoteSession): number {
    if (session.present !== null) return session.present;
    // Rules decisions: an electronic assessment or committee vote without a recorded attendance counts those handed a ballot.
    if (session.mode === 'electronic' && session.level !== 'branch_meeting') return session.papersIssued;
    throw new RuleViolation('ATTENDANCE_NOT_RECORDED', '尚未登记到会人数，不能结束表决');
  }

  /** §4.2, and nothing else, decides. RulesError (BALLOTS_EXCEED_PRESENT …) answers 422. Also checks the tellers' figures as they are entered. */
  tally(session: VoteSession, present: number, c: Counts, written: Written = NO_WRITTEN): VoteOutcome {
    const profile = this.rules.profile;
    switch (session.level) {
      case 'mass_assessment':
        return tallyMassAssessment(
          {
            purpose: session.purpose === 'conversion' ? 'conversion' : 'admission',
            expected: session.expected,
            present,
            approve: c.approve,
            disapprove: c.reject,
            abstain: c.abstain,
            invalid: c.invalid,
          },
          profile,
        );
      case 'branch_meeting':
        return tallyBranchMeeting(
          {
            expected: session.expected,
            present,
            approve: c.approve,
            reject: c.reject,
            abstain: c.abstain,
            invalid: c.invalid,
            written,
          },
          profile,
        );
      case 'committee':
        return tallyCommittee(
          {
            bodySize: session.expected,
            present,
            approve: c.approve,
            reject: c.reject,
            abstain: c.abstain,
            invalid: c.invalid,
          },
          profile,
        );
    }
  }

  private async paperCounts(
    em: EntityManager,
    sessionId: string,
    vcs: VoteCandidate[],
    list: CandidateState[],
  ): Promise<Counts[]> {
    const rows = new Map((await em.find(VoteCount, { where: { sessionId } })).map((r) => [r.candidateId, r]));
    const missing = list.filter((c) => !rows.has(c.id));
    if (missing.length)
      throw new RuleViolation(
        'COUNTS_MISSING',
        `以下候选人尚未录入计票结果: ${missing
          .slice(0, 20)
          .map((c) => c.name)
          .join('、')}${missing.length > 20 ? ` 等 ${missing.length} 人` : ''}`,
      );
    return vcs.map((v) => {
      const r = rows.get(v.candidateId)!;
      return { approve: r.approve, reject: r.reject, abstain: r.abstain, invalid: r.invalid };
    });
  }

  /**
   * Electronic: opens every sealed ballot in memory, counts per ordinal (a candidate left out
   * is an abstention; a ballot that does not open is invalid), and writes the opened ballots
   * anew — new random ids, shuffled — in place of the sealed rows.
   */
  private async openBox(em: EntityManager, sessionId: string, n: number, opener: Opener | null): Promise<Counts[]> {
    const approve = new Uint32Array(n);
    const reject = new Uint32Array(n);
    let invalid = 0;
    const sealed = await em.find(Ballot, { select: { id: true, choices: true }, where: { sessionId } });
    const opened: Ballot[] = [];
    try {
      for (const { choices: box } of sealed) {
        const choices = opener?.open(box) ?? null;
        if (choices === null || choices.length !== n) {
          invalid += 1;
          opened.push({ id: randomId(), sessionId, choices: UNREADABLE.repeat(n) });
          continue;
        }
        for (let i = 0; i < n; i++) {
          const ch = choices.charCodeAt(i);
          if (ch === 97) approve[i] += 1;
          else if (ch === 114) reject[i] += 1;
        }
        opened.push({ id: randomId(), sessionId, choices });
      }
    } finally {
      opener?.dispose();
    }
    await em.delete(Ballot, { sessionId });
    await insertRows(em, Ballot, shuffle(opened));
    const valid = sealed.length - invalid;
    return Array.from({ length: n }, (_, i) => ({
      approve: approve[i],
      reject: reject[i],
      abstain: valid - approve[i] - reject[i],
      invalid,
    }));
  }

  async writtenTallies(em: EntityManager, sessionId: string, ordinals: Map<string, number>): Promise<Written[]> {
    const out: Written[] = Array.from({ length: ordinals.size }, () => ({ approve: 0, reject: 0, abstain: 0 }));
    const opinions = await em.find(WrittenOpinion, { select: { choices: true }, where: { sessionId } });
    for (const o of opinions) {
      const choices = JSON.parse(o.choices) as Record<string, Choice>;
      const seen = new Set<number>();
      for (const [candidateId, choice] of Object.entries(choices)) {
        const i = ordinals.get(candidateId);
        if (i === undefined) continue;
        seen.add(i);
        out[i][choice] += 1;
      }
      for (let i = 0; i < out.length; i++) if (!seen.has(i)) out[i].abstain += 1;
    }
    return out;
  }
}

/** Branch meeting: written opinions count as votes (not as presence), so the figures shown include them. */
const withWritten = (c: Counts, w: Written): Counts => ({
  approve: c.approve + w.approve,
  reject: c.reject + w.reject,
  abstain: c.abstain + w.abstain,
  invalid: c.invalid,
});
