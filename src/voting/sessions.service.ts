import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccountabilityService, RecordedHead } from '../accountability';
import { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { CandidatesService, CandidateWriter } from '../candidates';
import { Clock } from '../common/clock';
import { forbidden, GateViolationError, notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { chunks, listIds } from '../common/lists';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { insertRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import type { Organization } from '../organizations';
import { OrganizationsService, RosterService } from '../organizations';
import { PlansService } from '../plans';
import { CandidateState, Command } from '@admissions/rules';
import { hashCode } from './ballot-codes';
import { VoteClose } from './close.service';
import { AttendanceDto, CountsDto, CreateVoteDto, ListVotesQuery, VoidVoteDto, WrittenOpinionDto } from './dto';
import { rolesFor, SessionAccess } from './session-access';
import { Choice } from './validators';
import {
  Ballot,
  BallotCode,
  PaperRecipient,
  VoteAttendance,
  VoteCandidate,
  VoteCount,
  VoteExcused,
  VoteSession,
  WrittenOpinion,
} from './vote.entities';
import { PaperView, SessionSummary, SessionView, toSessionSummary, toSessionView } from './views';
import {
  BallotCodeUsed,
  CandidateNotInVote,
  VoteAlreadyOpen,
  VoteClosed,
  VoteNotOpen,
  WrittenOpinionExists,
} from './errors';
import { fieldError, LEVEL_ZH, PURPOSE_ZH } from './voting-text';

/** SPEC §7.1–7.2: vote sessions — opening, listing, voiding, attendance, written opinions, the tellers' paper counts, and what a paper is for. */
@Injectable()
export class VoteSessions implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly candidates: CandidatesService,
    private readonly writer: CandidateWriter,
    private readonly roster: RosterService,
    private readonly accountability: AccountabilityService,
    private readonly plans: PlansService,
    private readonly access: SessionAccess,
    private readonly closer: VoteClose,
  ) {}

  /** SPEC §9: the ledger head each closed session recorded must stay a prefix of the chain. */
  onModuleInit(): void {
    this.accountability.registerHeadSource('vote_session', async () => {
      const rows = await this.dataSource
        .getRepository(VoteSession)
        .find({ select: { id: true, ledgerLength: true, ledgerHead: true }, where: { status: 'closed' } });
      return rows
        .filter((r) => r.ledgerHead !== null)
        .map((r): RecordedHead => ({ id: r.id, length: r.ledgerLength ?? 0, head: r.ledgerHead! }));
    });
  }

  // ── §7.1 sessions ────────────────────────────────────────────────────────────

  async create(caller: Caller, dto: CreateVoteDto): Promise<SessionView> {
    if (!rolesFor(dto.level, dto.purpose).includes(caller.role))
      throw forbidden(`当前角色无权组织${LEVEL_ZH[dto.level]}表决`);
    const id = newId();
    await this.tx.run(async (em) => {
      const org = await this.orgs.requireOrg(caller, dto.orgId, em);
      this.checkHolder(dto, org);
      const list = await this.candidatesFor(em, caller, dto, org);
      const expected = await this.expectedFor(em, dto, org);
      if (dto.purpose === 'plan') {
        if (dto.meetingDate > this.rules.today())
          throw new RuleViolation('DATE_IN_FUTURE', `会议日期（${dto.meetingDate}）晚于当前日期`);
      } else {
        // SPEC §5 rows 11 and 16: every violation of every candidate, in one answer.
        const violations = await this.writer.gates(em, list, {
          type: dto.level,
          purpose: dto.purpose,
          meetingDate: dto.meetingDate,
        } as Command);
        if (violations.length) throw new GateViolationError(violations);
      }
      const ids = list.map((c) => c.id);
      await this.refuseIfAlreadyOpen(em, dto, ids); // a conflict with another session, once the request itself is sound
      const excused = dto.excused ?? [];
      await em.insert(VoteSession, {
        id,
        level: dto.level,
        purpose: dto.purpose,
        orgId: org.id,
        orgPath: org.path,
        planId: dto.planId ?? null,
        meetingDate: dto.meetingDate,
        mode: dto.mode,
        status: 'open',
        candidateCount: ids.length,
        expected,
        bodySize: dto.level === 'committee' ? dto.bodySize! : null,
        present: null,
        papersIssued: 0,
        sealKey: null,
        quorumMet: null,
        ledgerLength: null,
        ledgerHead: null,
        profileStamp: this.rules.stamp,
        createdBy: caller.sub,
        createdAt: this.clock.now().toISOString(),
        closedBy: null,
        closedAt: null,
        voidReason: null,
      });
      await insertRows(
        em,
        VoteCandidate,
        ids.map((candidateId, ordinal) => ({ sessionId: id, ordinal, candidateId })),
      );
      if (excused.length)
        await em.insert(
          VoteExcused,
          excused.map((e) => ({ sessionId: id, memberId: e.memberId, reason: e.reason })),
        );
    });
    return this.get(caller, id);
  }

  /**
   * SPEC §7.1: a candidate is in at most one open session of a level and purpose. The
   * candidates' rows are locked first (PostgreSQL), so two sessions opened at once for the
   * same candidate cannot both pass this check.
   */
  private async refuseIfAlreadyOpen(em: EntityManager, dto: CreateVoteDto, candidateIds: string[]): Promise<void> {
    if (!this.tx.isSqlite) await this.writer.lock(em, candidateIds);
    for (const part of chunks(candidateIds)) {
      const [clash] = await em
        .createQueryBuilder(VoteCandidate, 'vc')
        .innerJoin(VoteSession, 's', 's.id = vc.session_id')
        .select(['vc.session_id AS "sessionId"', 'vc.candidate_id AS "candidateId"'])
        .where('s.status = :open AND s.level = :level AND s.purpose = :purpose AND vc.candidate_id IN (:...part)', {
          open: 'open',
          level: dto.level,
          purpose: dto.purpose,
          part,
        })
        .limit(1)
        .getRawMany<{ sessionId: string; candidateId: string }>();
      if (clash) {
        throw new VoteAlreadyOpen(clash.candidateId, clash.sessionId, LEVEL_ZH[dto.level]);
      }
    }
  }

  /** GET /api/votes: sessions in the caller's scope (or an organization's subtree), newest first. */
  async list(caller: Caller, query: ListVotesQuery): Promise<Page<SessionSummary>> {
    const { page, limit, skip } = pageOf(query);
    const qb = await this.orgs.scopedQuery(caller, VoteSession, 's', query.orgId);
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.level) qb.andWhere('s.level = :level', { level: query.level });
    if (query.purpose) qb.andWhere('s.purpose = :purpose', { purpose: query.purpose });
    const [rows, total] = await qb
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .skip(skip)
      .take(limit)
      .getManyAndCount();
    return { items: rows.map(toSessionSummary), total, page, limit };
  }

  /**
   * SPEC §7.1: a session opened by mistake (or whose tellers' key is lost) is voided: nothing
   * is tallied or applied, its codes stop working, and its sealed ballots are deleted and
   * purged — they will never be counted, and nobody should be able to open them later.
   */
  async void(caller: Caller, id: string, dto: VoidVoteDto): Promise<SessionView> {
    await this.tx.run(async (em) => {
      const session = await this.access.requireSession(em, caller, id, true);
      if (session.status !== 'open') throw new VoteNotOpen(session.status === 'void');
      await em.delete(Ballot, { sessionId: id });
      await em.update(
        VoteSession,
        { id },
        { status: 'void', voidReason: dto.reason, closedBy: caller.sub, closedAt: this.clock.now().toISOString() },
      );
    });
    await this.tx.purgeDeleted(['ballots']);
    return this.get(caller, id);
  }

  /**
   * GET /api/ballots/paper?code= (no login): what a paper is for, without using it. The same
   * answers as a cast: unknown 404, closed or void 409 VOTE_CLOSED, used 409 BALLOT_CODE_USED.
   */
  async paper(code: string): Promise<PaperView> {
    const em = this.dataSource.manager;
    const row = await em.findOne(BallotCode, { where: { codeHash: hashCode(code) } });
    if (!row) throw notFound('选票码');
    const session = await em.findOne(VoteSession, { where: { id: row.sessionId } });
    if (!session || session.status !== 'open') throw new VoteClosed();
    if (row.used) throw new BallotCodeUsed();
    const org = await this.orgs.byId(em, session.orgId);
    const vcs = await em.find(VoteCandidate, { where: { sessionId: session.id }, order: { ordinal: 'ASC' } });
    const names = await this.candidates.names(
      em,
      vcs.map((v) => v.candidateId),
    );
    const orgName = org?.name ?? '';
    return {
      sessionId: session.id,
      title: `${orgName}${LEVEL_ZH[session.level]}表决（${PURPOSE_ZH[session.purpose]}）`,
      level: session.level,
      purpose: session.purpose,
      meetingDate: session.meetingDate,
      orgName,
      candidates: vcs.map((v) => ({ id: v.candidateId, name: names.get(v.candidateId) ?? '' })),
    };
  }

  async get(caller: Caller, id: string): Promise<SessionView> {
    const em = this.dataSource.manager;
    const session = await this.access.requireSession(em, caller, id);
    const [excused, vcs, ballotsCast, writtenOpinions] = await Promise.all([
      em.find(VoteExcused, { where: { sessionId: id } }),
      em.find(VoteCandidate, { where: { sessionId: id }, order: { ordinal: 'ASC' } }),
      em.count(Ballot, { where: { sessionId: id } }),
      em.count(WrittenOpinion, { where: { sessionId: id } }),
    ]);
    return toSessionView(session, {
      excused,
      candidateIds: vcs.map((v) => v.candidateId),
      ballotsCast,
      writtenOpinions,
    });
  }

  /** Who may hold which level (SPEC §7.1): a general branch cannot approve. */
  private checkHolder(dto: CreateVoteDto, org: Organization): void {
    if (dto.excused?.length && dto.level !== 'branch_meeting')
      throw new RuleViolation('EXCUSED_BRANCH_MEETING_ONLY', '只有支部大会可以登记不计入应到会人数的党员');
    if (dto.purpose === 'plan') {
      if (dto.level !== 'committee')
        throw new RuleViolation('PLAN_VOTE_LEVEL', '发展计划由组织员会议表决（level 须为 committee）');
      if (org.kind !== 'department')
        throw new RuleViolation('APPROVER_NOT_DEPARTMENT', '发展计划须由组织部组织员会议表决');
      return;
    }
    if (dto.level === 'committee' && org.kind !== 'committee' && org.kind !== 'department') {
      throw new RuleViolation('APPROVER_NOT_COMMITTEE', '只有基层党委或组织部可以审批表决，党总支、党支部无审批权');
    }
    if (dto.level === 'branch_meeting' && org.kind !== 'branch')
      throw new RuleViolation('ORG_NOT_BRANCH', '支部大会须由党支部召开');
  }

  /** The session's candidates: in the holder's subtree and the caller's scope; for a plan, entries awaiting a decision. */
  private async candidatesFor(
    em: EntityManager,
    caller: Caller,
    dto: CreateVoteDto,
    org: Organization,
  ): Promise<CandidateState[]> {
    let ids = dto.candidateIds;
    if (dto.purpose === 'plan') {
      const { plan, submitted } = await this.plans.requireForVote(em, caller, dto.planId!);
      if (plan.orgId !== org.id) throw new RuleViolation('PLAN_ORG_MISMATCH', '发展计划不属于组织本次表决的组织部');
      ids ??= [...submitted];
      if (ids.length === 0) throw new RuleViolation('PLAN_NOTHING_TO_VOTE', '发展计划中没有待表决的人选');
      const stray = ids.filter((c) => !submitted.has(c));
      if (stray.length)
        throw new RuleViolation('NOT_PLAN_ENTRY', `以下人选不是本计划中待表决的人选: ${listIds(stray)}`);
    }
    const loaded = new Map((await this.candidates.find(em, ids!)).map((c) => [c.id, c]));
    // Unknown or outside the caller's scope: 404, as everywhere (SPEC §12); in scope but another organization's: 422.
    if (ids!.some((cid) => !loaded.has(cid) || !inScope(caller, loaded.get(cid)!.orgPath))) throw notFound('候选人');
    const outside = ids!.filter((cid) => !loaded.get(cid)!.orgPath.startsWith(org.path));
    if (outside.length)
      throw new RuleViolation('CANDIDATE_NOT_IN_ORG', `以下候选人不属于${org.name}: ${listIds(outside)}`);
    return ids!.map((cid) => loaded.get(cid)!);
  }

  /**
   * Mass assessment: as given; committee: the whole body; branch meeting (细则): the roster's
   * formal members with voting rights, less the excused — each one of those, for a recognised reason.
   */
  private async expectedFor(em: EntityManager, dto: CreateVoteDto, org: Organization): Promise<number> {
    if (dto.level === 'mass_assessment') return dto.expected!;
    if (dto.level === 'committee') return dto.bodySize!;
    const excused = dto.excused ?? [];
    const ids = excused.map((e) => e.memberId);
    if (new Set(ids).size !== ids.length)
      throw new RuleViolation('EXCUSED_DUPLICATE', '同一党员不能重复登记为不计入应到会人数');
    const voting = await this.roster.votersOf(em, org.id);
    const stray = ids.filter((m) => !voting.has(m));
    if (stray.length)
      throw new RuleViolation(
        'EXCUSED_NOT_VOTING_MEMBER',
        `不计入应到会人数的须为本支部有表决权的正式党员: ${listIds(stray)}`,
      );
    const expected = voting.size - excused.length;
    if (expected < 1) throw new RuleViolation('NO_VOTING_MEMBERS', '本支部没有应到会的有表决权党员，不能召开支部大会');
    return expected;
  }

  // ── attendance and written opinions ─────────────────────────────────────────

  async attendance(caller: Caller, id: string, dto: AttendanceDto): Promise<SessionView> {
    await this.tx.run(async (em) => {
      const session = await this.access.requireOpen(em, caller, id);
      if (session.level === 'branch_meeting') {
        if (dto.memberIds === undefined || dto.present !== undefined)
          throw fieldError('memberIds', '支部大会须登记到会的有表决权党员名单（memberIds）');
        const ids = dto.memberIds;
        await this.requireVotingMembers(em, session, ids);
        const gave = (await em.find(WrittenOpinion, { select: { memberId: true }, where: { sessionId: id } })).filter(
          (w) => ids.includes(w.memberId),
        );
        if (gave.length)
          throw new RuleViolation(
            'MEMBER_GAVE_WRITTEN_OPINION',
            `以下党员已提交书面意见，按未到会计算: ${listIds(gave.map((g) => g.memberId))}`,
          );
        const recipients = (await em.find(PaperRecipient, { where: { sessionId: id } })).map((r) => r.memberId);
        const dropped = recipients.filter((m) => !ids.includes(m));
        if (dropped.length)
          throw new RuleViolation(
            'PAPER_RECIPIENT_ABSENT',
            `以下党员已领取选票，不能登记为未到会: ${listIds(dropped)}`,
          );
        if (ids.length > session.expected)
          throw new RuleViolation('PRESENT_EXCEEDS_EXPECTED', `实到 ${ids.length} 人超过应到 ${session.expected} 人`);
        await em.delete(VoteAttendance, { sessionId: id });
        await insertRows(
          em,
          VoteAttendance,
          ids.map((memberId) => ({ sessionId: id, memberId })),
        );
        await em.update(VoteSession, { id }, { present: ids.length });
        return;
      }
      if (dto.present === undefined || dto.memberIds !== undefined)
        throw fieldError('present', '须登记实到人数（present）');
      const cap = session.expected;
      if (dto.present > cap) {
        throw new RuleViolation(
          'PRESENT_EXCEEDS_EXPECTED',
          `实到 ${dto.present} 人超过${session.level === 'committee' ? '全体成员' : '应到'} ${cap} 人`,
        );
      }
      if (dto.present < session.papersIssued)
        throw new RuleViolation(
          'PRESENT_BELOW_PAPERS_ISSUED',
          `已发出选票 ${session.papersIssued} 张，实到人数不能少于此数`,
        );
      await em.update(VoteSession, { id }, { present: dto.present });
    });
    return this.get(caller, id);
  }

  async writtenOpinion(
    caller: Caller,
    id: string,
    dto: WrittenOpinionDto,
  ): Promise<{ sessionId: string; memberId: string; choices: Record<string, Choice> }> {
    await this.tx.run(async (em) => {
      const session = await this.access.requireOpen(em, caller, id);
      if (session.level !== 'branch_meeting')
        throw new RuleViolation('WRITTEN_OPINION_BRANCH_MEETING_ONLY', '只有支部大会表决可以提交书面意见');
      await this.requireVotingMembers(em, session, [dto.memberId]);
      const present = await em.findOne(VoteAttendance, { where: { sessionId: id, memberId: dto.memberId } });
      const recipient = await em.findOne(PaperRecipient, { where: { sessionId: id, memberId: dto.memberId } });
      if (present || recipient) throw new RuleViolation('MEMBER_PRESENT', '到会党员当场表决，不能再提交书面意见');
      if (await em.findOne(WrittenOpinion, { where: { sessionId: id, memberId: dto.memberId } })) {
        throw new WrittenOpinionExists();
      }
      const ordinals = await this.access.ordinalsOf(em, id);
      const stray = Object.keys(dto.choices).filter((c) => !ordinals.has(c));
      if (stray.length) throw new CandidateNotInVote(stray);
      const written = await em.count(WrittenOpinion, { where: { sessionId: id } });
      if ((session.present ?? 0) + written + 1 > session.expected) {
        throw new RuleViolation(
          'WRITTEN_EXCEEDS_ABSENT',
          `书面意见 ${written + 1} 份超过未到会有表决权党员人数 ${session.expected - (session.present ?? 0)}`,
        );
      }
      await em.insert(WrittenOpinion, {
        sessionId: id,
        memberId: dto.memberId,
        choices: JSON.stringify(dto.choices),
        recordedBy: caller.sub,
        recordedAt: this.clock.now().toISOString(),
      });
    });
    return { sessionId: id, memberId: dto.memberId, choices: dto.choices };
  }

  /** Roster members of the session's branch with a vote, not excused; 422 otherwise. */
  private async requireVotingMembers(em: EntityManager, session: VoteSession, ids: readonly string[]): Promise<void> {
    const rows = new Map((await this.roster.ofBranch(em, session.orgId, ids)).map((m) => [m.id, m]));
    const voteless = ids.filter((m) => !(rows.get(m)!.formal && rows.get(m)!.votingRights));
    if (voteless.length) {
      throw new RuleViolation(
        'MEMBER_NO_VOTE',
        `预备党员和受留党察看处分的党员没有表决权: ${voteless.map((m) => rows.get(m)!.name).join('、')}`,
      );
    }
    const excused = await em.find(VoteExcused, { where: { sessionId: session.id } });
    const hit = excused.filter((e) => ids.includes(e.memberId));
    if (hit.length)
      throw new RuleViolation(
        'MEMBER_EXCUSED',
        `以下党员已登记为不计入应到会人数: ${hit.map((e) => rows.get(e.memberId)!.name).join('、')}`,
      );
  }

  // ── §7.2 paper ballots ──────────────────────────────────────────────────────

  async counts(caller: Caller, id: string, dto: CountsDto): Promise<SessionView> {
    await this.tx.run(async (em) => {
      const session = await this.access.requireOpen(em, caller, id);
      if (session.mode !== 'paper')
        throw new RuleViolation('VOTE_MODE_MISMATCH', '电子表决按选票计票，不能录入纸质计票结果');
      const ids = dto.results.map((r) => r.candidateId);
      if (new Set(ids).size !== ids.length)
        throw new RuleViolation('DUPLICATE_CANDIDATE', '同一候选人的计票结果只能填写一次');
      const ordinals = await this.access.ordinalsOf(em, id);
      const stray = ids.filter((c) => !ordinals.has(c));
      if (stray.length) throw new CandidateNotInVote(stray);
      if (session.present !== null) {
        // The tellers' figures must add up now, not only at closing (BALLOTS_EXCEED_PRESENT …).
        const written = session.level === 'branch_meeting' ? await this.closer.writtenTallies(em, id, ordinals) : null;
        for (const r of dto.results)
          this.closer.tally(session, session.present, r, written?.[ordinals.get(r.candidateId)!]);
      }
      for (const part of chunks(ids)) await em.delete(VoteCount, { sessionId: id, candidateId: In(part) });
      await insertRows(
        em,
        VoteCount,
        dto.results.map((r) => ({
          sessionId: id,
          candidateId: r.candidateId,
          approve: r.approve,
          reject: r.reject,
          abstain: r.abstain,
          invalid: r.invalid,
        })),
      );
    });
    return this.get(caller, id);
  }
}
