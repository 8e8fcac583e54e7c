import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccountabilityService, RecordedHead } from '../accountability/accountability.service';
import { BRANCH_UP, Caller, COMMITTEE_UP, DEPARTMENT_UP, Role } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Candidate } from '../candidates/candidate.entity';
import { BatchCommand, CandidatesService } from '../candidates/candidates.service';
import { CandidateRecord, clearAdmissionRound } from '../candidates/record';
import { Clock } from '../common/clock';
import { DomainError, forbidden, GateViolationError, notFound, Violation } from '../common/domain-error';
import { newId, randomId } from '../common/ids';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { insertRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import { Member } from '../organizations/member.entity';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { chunks, listIds, PlansService } from '../plans/plans.service';
import {
  approvalDue,
  checkTransition,
  Command,
  conversionDecision,
  probationEnd,
  tallyBranchMeeting,
  tallyCommittee,
  tallyMassAssessment,
  VoteFacts,
  VoteOutcome,
} from '../rules';
import { newBallotBox, Opener, openerFor, seal } from './ballot-box';
import { hashCode, newBallotCode, newReceipt, shuffle } from './ballot-codes';
import { AttendanceDto, BallotPapersDto, CastBallotDto, CloseVoteDto, CountsDto, CreateVoteDto, ListVotesQuery, VoidVoteDto, WrittenOpinionDto } from './dto';
import { Choice } from './validators';
import {
  Ballot,
  BallotCode,
  PaperRecipient,
  VoteAttendance,
  VoteCandidate,
  VoteCount,
  VoteExcused,
  VoteLevelName,
  VoteResult,
  VoteSession,
  WrittenOpinion,
} from './vote.entities';
import { PaperView, resultRow, ResultLine, ResultView, SessionSummary, SessionView, toResultLine, toSessionSummary, toSessionView } from './views';
import { Page, pageOf } from '../common/pagination';

const PURPOSE_ZH: Record<string, string> = { admission: '接收预备党员', conversion: '预备党员转正', plan: '年度发展计划' };

const LEVEL_ZH: Record<VoteLevelName, string> = {
  mass_assessment: '党外群众民主测评',
  branch_meeting: '支部大会',
  committee: '党（工）委（组织员会议）',
};

/** A ballot's choice per candidate, one character each, by ordinal. */
const CHOICE_CHAR: Record<Choice, string> = { approve: 'a', reject: 'r', abstain: '-' };
/** An opened ballot that did not open (altered in the database): kept for recount, counted invalid. */
const UNREADABLE = '?';

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

/** What a closing vote changes besides the candidates themselves, written in bulk afterwards. */
interface Consequences {
  approvalDeadlines: { candidateId: string; orgPath: string; kind: 'approval'; dueOn: string }[];
  probationDeadlines: { candidateId: string; orgPath: string; kind: 'probation_end'; dueOn: string }[];
  approved: string[];
  newMembers: Member[];
  converted: string[];
  late: { candidate: Candidate; branchDate: string; due: string }[];
}

function rolesFor(level: VoteLevelName, purpose: string): Role[] {
  if (purpose === 'plan') return DEPARTMENT_UP; // 组织员会议 on the annual plan
  return level === 'committee' ? COMMITTEE_UP : BRANCH_UP;
}

const refuse = (code: string, message: string) => new DomainError(code, message);

/**
 * Three-level voting (SPEC §7): sessions, attendance, written opinions, paper counts,
 * electronic secret ballots, and the close that tallies with the rules module and applies.
 */
@Injectable()
export class VotingService implements OnModuleInit {
  /** Candidate ordinals per session (immutable once created), for casting without a 10,000-row read each time. */
  private readonly ordinalCache = new Map<string, Map<string, number>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly candidates: CandidatesService,
    private readonly deadlines: DeadlinesService,
    private readonly accountability: AccountabilityService,
    private readonly plans: PlansService,
  ) {}

  /** SPEC §9: the ledger head each closed session recorded must stay a prefix of the chain. */
  onModuleInit(): void {
    this.accountability.registerHeadSource('vote_session', async () => {
      const rows = await this.dataSource.getRepository(VoteSession).find({ select: { id: true, ledgerLength: true, ledgerHead: true }, where: { status: 'closed' } });
      return rows.filter((r) => r.ledgerHead !== null).map((r): RecordedHead => ({ id: r.id, length: r.ledgerLength ?? 0, head: r.ledgerHead! }));
    });
  }

  // ── §7.1 sessions ────────────────────────────────────────────────────────────

  async create(caller: Caller, dto: CreateVoteDto): Promise<SessionView> {
    if (!rolesFor(dto.level, dto.purpose).includes(caller.role)) throw forbidden(`当前角色无权组织${LEVEL_ZH[dto.level]}表决`);
    const id = newId();
    await this.tx.run(async (em) => {
      const org = await this.orgs.requireOrg(caller, dto.orgId, em);
      this.checkHolder(dto, org);
      const list = await this.candidatesFor(em, caller, dto, org);
      const expected = await this.expectedFor(em, dto, org);
      if (dto.purpose === 'plan') {
        if (dto.meetingDate > this.rules.today()) throw refuse('DATE_IN_FUTURE', `会议日期（${dto.meetingDate}）晚于当前日期`);
      } else {
        // SPEC §5 rows 11 and 16: every violation of every candidate, in one answer.
        const violations = await this.gateViolations(em, list, { type: dto.level, purpose: dto.purpose, meetingDate: dto.meetingDate } as Command);
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
      await insertRows(em, VoteCandidate, ids.map((candidateId, ordinal) => ({ sessionId: id, ordinal, candidateId })));
      if (excused.length) await em.insert(VoteExcused, excused.map((e) => ({ sessionId: id, memberId: e.memberId, reason: e.reason })));
    });
    return this.get(caller, id);
  }

  /**
   * SPEC §7.1: a candidate is in at most one open session of a level and purpose. The
   * candidates' rows are locked first (PostgreSQL), so two sessions opened at once for the
   * same candidate cannot both pass this check.
   */
  private async refuseIfAlreadyOpen(em: EntityManager, dto: CreateVoteDto, candidateIds: string[]): Promise<void> {
    if (!this.tx.isSqlite) await loadCandidates(em, candidateIds, true);
    for (const part of chunks(candidateIds)) {
      const [clash] = await em
        .createQueryBuilder(VoteCandidate, 'vc')
        .innerJoin(VoteSession, 's', 's.id = vc.session_id')
        .select(['vc.session_id AS "sessionId"', 'vc.candidate_id AS "candidateId"'])
        .where('s.status = :open AND s.level = :level AND s.purpose = :purpose AND vc.candidate_id IN (:...part)', { open: 'open', level: dto.level, purpose: dto.purpose, part })
        .limit(1)
        .getRawMany<{ sessionId: string; candidateId: string }>();
      if (clash) {
        throw new DomainError('VOTE_ALREADY_OPEN', `候选人 ${clash.candidateId} 已在进行中的${LEVEL_ZH[dto.level]}表决 ${clash.sessionId} 中，请先结束或作废该表决`);
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
    const [rows, total] = await qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').skip(skip).take(limit).getManyAndCount();
    return { items: rows.map(toSessionSummary), total, page, limit };
  }

  /**
   * SPEC §7.1: a session opened by mistake (or whose tellers' key is lost) is voided: nothing
   * is tallied or applied, its codes stop working, and its sealed ballots are deleted and
   * purged — they will never be counted, and nobody should be able to open them later.
   */
  async void(caller: Caller, id: string, dto: VoidVoteDto): Promise<SessionView> {
    await this.tx.run(async (em) => {
      const session = await this.requireSession(em, caller, id, true);
      if (session.status !== 'open') throw new DomainError('VOTE_NOT_OPEN', session.status === 'void' ? '本次表决已作废' : '本次表决已结束，不能作废');
      await em.delete(Ballot, { sessionId: id });
      await em.update(VoteSession, { id }, { status: 'void', voidReason: dto.reason, closedBy: caller.sub, closedAt: this.clock.now().toISOString() });
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
    if (!session || session.status !== 'open') throw refuse('VOTE_CLOSED', '本次表决已结束');
    if (row.used) throw refuse('BALLOT_CODE_USED', '该选票码已使用');
    const org = await em.findOne(Organization, { where: { id: session.orgId } });
    const vcs = await em.find(VoteCandidate, { where: { sessionId: session.id }, order: { ordinal: 'ASC' } });
    const names = new Map<string, string>();
    for (const part of chunks(vcs.map((v) => v.candidateId))) {
      for (const c of await em.find(Candidate, { select: { id: true, name: true }, where: { id: In(part) } })) names.set(c.id, c.name);
    }
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
    const session = await this.requireSession(em, caller, id);
    const [excused, vcs, ballotsCast, writtenOpinions] = await Promise.all([
      em.find(VoteExcused, { where: { sessionId: id } }),
      em.find(VoteCandidate, { where: { sessionId: id }, order: { ordinal: 'ASC' } }),
      em.count(Ballot, { where: { sessionId: id } }),
      em.count(WrittenOpinion, { where: { sessionId: id } }),
    ]);
    return toSessionView(session, { excused, candidateIds: vcs.map((v) => v.candidateId), ballotsCast, writtenOpinions });
  }

  /** Who may hold which level (SPEC §7.1): a general branch cannot approve. */
  private checkHolder(dto: CreateVoteDto, org: Organization): void {
    if (dto.excused?.length && dto.level !== 'branch_meeting') throw refuse('EXCUSED_BRANCH_MEETING_ONLY', '只有支部大会可以登记不计入应到会人数的党员');
    if (dto.purpose === 'plan') {
      if (dto.level !== 'committee') throw refuse('PLAN_VOTE_LEVEL', '发展计划由组织员会议表决（level 须为 committee）');
      if (org.kind !== 'department') throw refuse('APPROVER_NOT_DEPARTMENT', '发展计划须由组织部组织员会议表决');
      return;
    }
    if (dto.level === 'committee' && org.kind !== 'committee' && org.kind !== 'department') {
      throw refuse('APPROVER_NOT_COMMITTEE', '只有基层党委或组织部可以审批表决，党总支、党支部无审批权');
    }
    if (dto.level === 'branch_meeting' && org.kind !== 'branch') throw refuse('ORG_NOT_BRANCH', '支部大会须由党支部召开');
  }

  /** The session's candidates: in the holder's subtree and the caller's scope; for a plan, entries awaiting a decision. */
  private async candidatesFor(em: EntityManager, caller: Caller, dto: CreateVoteDto, org: Organization): Promise<Candidate[]> {
    let ids = dto.candidateIds;
    if (dto.purpose === 'plan') {
      const { plan, submitted } = await this.plans.requireForVote(em, caller, dto.planId!);
      if (plan.orgId !== org.id) throw refuse('PLAN_ORG_MISMATCH', '发展计划不属于组织本次表决的组织部');
      ids ??= [...submitted];
      if (ids.length === 0) throw refuse('PLAN_NOTHING_TO_VOTE', '发展计划中没有待表决的人选');
      const stray = ids.filter((c) => !submitted.has(c));
      if (stray.length) throw refuse('NOT_PLAN_ENTRY', `以下人选不是本计划中待表决的人选: ${listIds(stray)}`);
    }
    const loaded = await loadCandidates(em, ids!);
    // Unknown or outside the caller's scope: 404, as everywhere (SPEC §12); in scope but another organization's: 422.
    if (ids!.some((cid) => !loaded.has(cid) || !inScope(caller, loaded.get(cid)!.orgPath))) throw notFound('候选人');
    const outside = ids!.filter((cid) => !loaded.get(cid)!.orgPath.startsWith(org.path));
    if (outside.length) throw refuse('CANDIDATE_NOT_IN_ORG', `以下候选人不属于${org.name}: ${listIds(outside)}`);
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
    if (new Set(ids).size !== ids.length) throw refuse('EXCUSED_DUPLICATE', '同一党员不能重复登记为不计入应到会人数');
    const voting = new Set((await em.find(Member, { where: { orgId: org.id } })).filter(hasVote).map((m) => m.id));
    const stray = ids.filter((m) => !voting.has(m));
    if (stray.length) throw refuse('EXCUSED_NOT_VOTING_MEMBER', `不计入应到会人数的须为本支部有表决权的正式党员: ${listIds(stray)}`);
    const expected = voting.size - excused.length;
    if (expected < 1) throw refuse('NO_VOTING_MEMBERS', '本支部没有应到会的有表决权党员，不能召开支部大会');
    return expected;
  }

  private async gateViolations(em: EntityManager, list: readonly Candidate[], command: Command): Promise<(Violation & { candidateId: string })[]> {
    const facts = await this.candidates.factsMany(em, list);
    const today = this.rules.today();
    return list.flatMap((c, i) =>
      checkTransition(facts[i], command, today, this.rules.profile).violations.map((v) => ({ code: v.code, message: `${c.name}：${v.message}`, candidateId: c.id })),
    );
  }

  // ── attendance and written opinions ─────────────────────────────────────────

  async attendance(caller: Caller, id: string, dto: AttendanceDto): Promise<SessionView> {
    await this.tx.run(async (em) => {
      const session = await this.requireOpen(em, caller, id);
      if (session.level === 'branch_meeting') {
        if (dto.memberIds === undefined || dto.present !== undefined) throw fieldError('memberIds', '支部大会须登记到会的有表决权党员名单（memberIds）');
        const ids = dto.memberIds;
        await this.requireVotingMembers(em, session, ids);
        const gave = (await em.find(WrittenOpinion, { select: { memberId: true }, where: { sessionId: id } })).filter((w) => ids.includes(w.memberId));
        if (gave.length) throw refuse('MEMBER_GAVE_WRITTEN_OPINION', `以下党员已提交书面意见，按未到会计算: ${listIds(gave.map((g) => g.memberId))}`);
        const recipients = (await em.find(PaperRecipient, { where: { sessionId: id } })).map((r) => r.memberId);
        const dropped = recipients.filter((m) => !ids.includes(m));
        if (dropped.length) throw refuse('PAPER_RECIPIENT_ABSENT', `以下党员已领取选票，不能登记为未到会: ${listIds(dropped)}`);
        if (ids.length > session.expected) throw refuse('PRESENT_EXCEEDS_EXPECTED', `实到 ${ids.length} 人超过应到 ${session.expected} 人`);
        await em.delete(VoteAttendance, { sessionId: id });
        await insertRows(em, VoteAttendance, ids.map((memberId) => ({ sessionId: id, memberId })));
        await em.update(VoteSession, { id }, { present: ids.length });
        return;
      }
      if (dto.present === undefined || dto.memberIds !== undefined) throw fieldError('present', '须登记实到人数（present）');
      const cap = session.expected;
      if (dto.present > cap) {
        throw refuse('PRESENT_EXCEEDS_EXPECTED', `实到 ${dto.present} 人超过${session.level === 'committee' ? '全体成员' : '应到'} ${cap} 人`);
      }
      if (dto.present < session.papersIssued) throw refuse('PRESENT_BELOW_PAPERS_ISSUED', `已发出选票 ${session.papersIssued} 张，实到人数不能少于此数`);
      await em.update(VoteSession, { id }, { present: dto.present });
    });
    return this.get(caller, id);
  }

  async writtenOpinion(caller: Caller, id: string, dto: WrittenOpinionDto): Promise<{ sessionId: string; memberId: string; choices: Record<string, Choice> }> {
    await this.tx.run(async (em) => {
      const session = await this.requireOpen(em, caller, id);
      if (session.level !== 'branch_meeting') throw refuse('WRITTEN_OPINION_BRANCH_MEETING_ONLY', '只有支部大会表决可以提交书面意见');
      await this.requireVotingMembers(em, session, [dto.memberId]);
      const present = await em.findOne(VoteAttendance, { where: { sessionId: id, memberId: dto.memberId } });
      const recipient = await em.findOne(PaperRecipient, { where: { sessionId: id, memberId: dto.memberId } });
      if (present || recipient) throw refuse('MEMBER_PRESENT', '到会党员当场表决，不能再提交书面意见');
      if (await em.findOne(WrittenOpinion, { where: { sessionId: id, memberId: dto.memberId } })) {
        throw refuse('WRITTEN_OPINION_EXISTS', '该党员已提交书面意见');
      }
      const ordinals = await this.ordinalsOf(em, id);
      const stray = Object.keys(dto.choices).filter((c) => !ordinals.has(c));
      if (stray.length) throw refuse('CANDIDATE_NOT_IN_VOTE', `以下候选人不在本次表决中: ${listIds(stray)}`);
      const written = await em.count(WrittenOpinion, { where: { sessionId: id } });
      if ((session.present ?? 0) + written + 1 > session.expected) {
        throw refuse('WRITTEN_EXCEEDS_ABSENT', `书面意见 ${written + 1} 份超过未到会有表决权党员人数 ${session.expected - (session.present ?? 0)}`);
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
    const rows = new Map<string, Member>();
    for (const part of chunks(ids)) for (const m of await em.find(Member, { where: { id: In(part), orgId: session.orgId } })) rows.set(m.id, m);
    const missing = ids.filter((m) => !rows.has(m));
    if (missing.length) throw refuse('MEMBER_NOT_IN_BRANCH', `以下人员不在本支部党员名册中: ${listIds(missing)}`);
    const voteless = ids.filter((m) => !hasVote(rows.get(m)!));
    if (voteless.length) {
      throw refuse('MEMBER_NO_VOTE', `预备党员和受留党察看处分的党员没有表决权: ${voteless.map((m) => rows.get(m)!.name).join('、')}`);
    }
    const excused = await em.find(VoteExcused, { where: { sessionId: session.id } });
    const hit = excused.filter((e) => ids.includes(e.memberId));
    if (hit.length) throw refuse('MEMBER_EXCUSED', `以下党员已登记为不计入应到会人数: ${hit.map((e) => rows.get(e.memberId)!.name).join('、')}`);
  }

  // ── §7.2 paper ballots ──────────────────────────────────────────────────────

  async counts(caller: Caller, id: string, dto: CountsDto): Promise<SessionView> {
    await this.tx.run(async (em) => {
      const session = await this.requireOpen(em, caller, id);
      if (session.mode !== 'paper') throw refuse('VOTE_MODE_MISMATCH', '电子表决按选票计票，不能录入纸质计票结果');
      const ids = dto.results.map((r) => r.candidateId);
      if (new Set(ids).size !== ids.length) throw refuse('DUPLICATE_CANDIDATE', '同一候选人的计票结果只能填写一次');
      const ordinals = await this.ordinalsOf(em, id);
      const stray = ids.filter((c) => !ordinals.has(c));
      if (stray.length) throw refuse('CANDIDATE_NOT_IN_VOTE', `以下候选人不在本次表决中: ${listIds(stray)}`);
      if (session.present !== null) {
        // The tellers' figures must add up now, not only at closing (BALLOTS_EXCEED_PRESENT …).
        const written = session.level === 'branch_meeting' ? await this.writtenTallies(em, id, ordinals) : null;
        for (const r of dto.results) this.tally(session, session.present, r, written?.[ordinals.get(r.candidateId)!] ?? NO_WRITTEN);
      }
      for (const part of chunks(ids)) await em.delete(VoteCount, { sessionId: id, candidateId: In(part) });
      await insertRows(em, VoteCount, dto.results.map((r) => ({ sessionId: id, candidateId: r.candidateId, approve: r.approve, reject: r.reject, abstain: r.abstain, invalid: r.invalid })));
    });
    return this.get(caller, id);
  }

  // ── §7.3 electronic secret ballots ──────────────────────────────────────────

  /**
   * The first papers of a session also set up its sealed ballot box: the tellers' key comes
   * back with them, once, and is never stored (SPEC §7.3).
   */
  async ballotPapers(caller: Caller, id: string, dto: BallotPapersDto): Promise<{ sessionId: string; codes: string[]; tallyKey?: string }> {
    const n = dto.memberIds?.length ?? dto.count ?? 0;
    // Generated and hashed before the transaction (synchronous crypto only).
    const codes = Array.from({ length: n }, newBallotCode);
    const rows = shuffle(codes.map((code) => hashCode(code)));
    const tallyKey = await this.tx.run(async (em) => {
      const session = await this.requireOpen(em, caller, id);
      if (session.mode !== 'electronic') throw refuse('VOTE_MODE_MISMATCH', '纸质表决不发放电子选票码');
      if (session.level === 'branch_meeting') {
        if (dto.memberIds === undefined || dto.count !== undefined) throw fieldError('memberIds', '支部大会按到会党员名单（memberIds）发放选票');
        const present = new Set((await em.find(VoteAttendance, { where: { sessionId: id } })).map((a) => a.memberId));
        const absent = dto.memberIds.filter((m) => !present.has(m));
        if (absent.length) throw refuse('MEMBER_NOT_PRESENT', `选票只发给到会的有表决权党员，以下党员未登记到会: ${listIds(absent)}`);
        const already = await em.find(PaperRecipient, { where: { sessionId: id, memberId: In(dto.memberIds) } });
        if (already.length) throw refuse('PAPER_ALREADY_ISSUED', `以下党员已领取选票，每人只能领取一张: ${listIds(already.map((r) => r.memberId))}`);
        await insertRows(em, PaperRecipient, dto.memberIds.map((memberId) => ({ sessionId: id, memberId })));
      } else {
        if (dto.count === undefined || dto.memberIds !== undefined) throw fieldError('count', '须填写发放选票的张数（count）');
        const cap = session.present ?? session.expected;
        if (session.papersIssued + n > cap) {
          throw refuse('PAPERS_EXCEED_PRESENT', `已发出 ${session.papersIssued} 张，再发 ${n} 张将超过${session.present === null ? '应到' : '实到'}人数 ${cap}`);
        }
      }
      await insertRows(em, BallotCode, rows.map((codeHash) => ({ codeHash, sessionId: id, used: false, receipt: null })));
      const box = session.sealKey === null ? newBallotBox() : null;
      await em.update(VoteSession, { id }, { papersIssued: session.papersIssued + n, ...(box ? { sealKey: box.publicKey } : {}) });
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
      const [code] = (await em.query(`SELECT session_id, used FROM ballot_codes WHERE code_hash = ${$(1)}`, [codeHash])) as { session_id: string; used: boolean | number }[];
      if (!code) throw notFound('选票码');
      // Shared lock: casts run side by side, a close (FOR UPDATE) waits for those in flight (PostgreSQL).
      const [session] = (await em.query(`SELECT status, candidate_count, seal_key FROM vote_sessions WHERE id = ${$(1)}${pg ? ' FOR SHARE' : ''}`, [code.session_id])) as {
        status: string;
        candidate_count: number;
        seal_key: string;
      }[];
      if (!session || session.status !== 'open') throw refuse('VOTE_CLOSED', '本次表决已结束');
      if (code.used === true || code.used === 1) throw refuse('BALLOT_CODE_USED', '该选票码已使用');
      const sealed = seal(session.seal_key, encodeChoices(dto.choices, session.candidate_count, await this.ordinalsOf(em, code.session_id)));
      const consumed = await em.queryRunner!.query(
        `UPDATE ballot_codes SET used = ${$(1)}, receipt = ${$(2)} WHERE code_hash = ${$(3)} AND used = ${$(4)}`,
        [true, receipt, codeHash, false],
        true,
      );
      if (consumed.affected !== 1) throw refuse('BALLOT_CODE_USED', '该选票码已使用');
      await em.query(`INSERT INTO ballots (id, session_id, choices) VALUES (${$(1)}, ${$(2)}, ${$(3)})`, [ballotId, code.session_id, sealed]);
    });
    return { receipt };
  }

  private async ordinalsOf(em: EntityManager, sessionId: string): Promise<Map<string, number>> {
    const cached = this.ordinalCache.get(sessionId);
    if (cached) return cached;
    const rows = await em.find(VoteCandidate, { where: { sessionId } });
    const map = new Map(rows.map((r) => [r.candidateId, r.ordinal]));
    if (this.ordinalCache.size >= 32) this.ordinalCache.delete(this.ordinalCache.keys().next().value!);
    this.ordinalCache.set(sessionId, map);
    return map;
  }

  // ── §7.4 close and apply ────────────────────────────────────────────────────

  /**
   * An electronic session's box is opened in memory with the tellers' key and counted; the
   * sealed rows are replaced by the opened ballots in shuffled order under new ids, and once
   * committed the old rows are purged (SPEC §7.3: PostgreSQL VACUUM, SQLite a truncating
   * checkpoint), so nothing ties a ballot's choices to its code, receipt or time.
   */
  async close(caller: Caller, id: string, dto: CloseVoteDto): Promise<ResultView> {
    const result = await this.tx.run(async (em) => {
      const session = await this.requireOpen(em, caller, id);
      const vcs = await em.find(VoteCandidate, { where: { sessionId: id }, order: { ordinal: 'ASC' } });
      const loaded = await loadCandidates(em, vcs.map((v) => v.candidateId), !this.tx.isSqlite);
      const list = vcs.map((v) => loaded.get(v.candidateId)!);

      const present = this.presentAtClose(session);
      const written = session.level === 'branch_meeting' ? await this.writtenTallies(em, id, new Map(vcs.map((v) => [v.candidateId, v.ordinal]))) : null;
      const opener = this.openerOf(session, dto.tallyKey);
      const raw = opener === undefined ? await this.paperCounts(em, id, vcs, list) : await this.openBox(em, id, vcs.length, opener);
      const outcomes = vcs.map((_, i) => this.tally(session, present, raw[i], written?.[i] ?? NO_WRITTEN));
      const counted = raw.map((c, i) => withWritten(c, written?.[i] ?? NO_WRITTEN));
      const violationsOf = await this.applyOutcomes(em, caller, session, list, outcomes, counted);

      const head = await this.accountability.ledgerHead(em);
      const rows = vcs.map((v, i) => resultRow(id, v.ordinal, v.candidateId, raw[i], written?.[i] ?? NO_WRITTEN, outcomes[i], violationsOf[i].length === 0, violationsOf[i]));
      await insertRows(em, VoteResult, rows);
      const closed = { status: 'closed' as const, present, quorumMet: outcomes.every((o) => o.quorumMet), ledgerLength: head.length, ledgerHead: head.head, closedBy: caller.sub, closedAt: this.clock.now().toISOString() };
      const done = await em.createQueryBuilder().update(VoteSession).set(closed).where('id = :id AND status = :open', { id, open: 'open' }).execute();
      if (done.affected !== 1) throw refuse('VOTE_CLOSED', '本次表决已结束');
      Object.assign(session, closed);
      const receipts = session.mode === 'electronic' ? await this.receipts(em, id) : undefined;
      return this.resultView(session, rows.map((r, i) => toResultLine(r, list[i].name, session.level === 'branch_meeting')), receipts);
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
    if (!opener) throw refuse('TALLY_KEY_INVALID', '开箱密钥不正确，无法打开本次表决的票箱；密钥遗失的，须宣布本次表决无效并重新表决');
    return opener;
  }

  /**
   * SPEC §7.4: each candidate's outcome applied — or, when its gate fails now (a complaint
   * filed since the session opened …) or the meeting had no quorum, tallied but not applied.
   * Returns the violations that kept each candidate's outcome from applying.
   */
  private async applyOutcomes(em: EntityManager, caller: Caller, session: VoteSession, list: Candidate[], outcomes: VoteOutcome[], counted: Counts[]): Promise<Violation[][]> {
    const violationsOf: Violation[][] = list.map(() => []);
    if (session.purpose === 'plan') {
      const included = list.filter((_, i) => outcomes[i].passed).map((c) => c.id);
      const excluded = list.filter((_, i) => !outcomes[i].passed).map((c) => c.id);
      await this.plans.decide(em, session.planId!, session.id, session.meetingDate, { included, excluded });
      return violationsOf;
    }
    const today = this.rules.today();
    const command = { type: session.level, purpose: session.purpose, meetingDate: session.meetingDate } as Command;
    const facts = await this.candidates.factsMany(em, list);
    const fx = emptyConsequences();
    const batch: BatchCommand[] = [];
    list.forEach((candidate, i) => {
      if (!outcomes[i].quorumMet) {
        // Rules decisions: a branch meeting without a quorum decided nothing.
        violationsOf[i].push({ code: 'QUORUM_NOT_MET', message: `${candidate.name}：到会有表决权党员未超过应到会人数的半数，会议无效，表决结果不生效` });
        return;
      }
      const gate = checkTransition(facts[i], command, today, this.rules.profile);
      if (!gate.ok) {
        violationsOf[i].push(...gate.violations.map((v) => ({ code: v.code, message: `${candidate.name}：${v.message}` })));
        return;
      }
      batch.push(this.effectOf(session, candidate, command, outcomes[i], counted[i], fx));
    });
    await this.candidates.applyMany(em, caller, batch);
    await this.writeConsequences(em, session, fx);
    return violationsOf;
  }

  async result(caller: Caller, id: string): Promise<ResultView> {
    const em = this.dataSource.manager;
    const session = await this.requireSession(em, caller, id);
    if (session.status === 'open') return this.resultView(session, []);
    const rows = await em.find(VoteResult, { where: { sessionId: id }, order: { ordinal: 'ASC' } });
    const names = new Map<string, string>();
    for (const part of chunks(rows.map((r) => r.candidateId))) {
      for (const c of await em.find(Candidate, { select: { id: true, name: true }, where: { id: In(part) } })) names.set(c.id, c.name);
    }
    const receipts = session.mode === 'electronic' ? await this.receipts(em, id) : undefined;
    return this.resultView(session, rows.map((r) => toResultLine(r, names.get(r.candidateId) ?? '', session.level === 'branch_meeting')), receipts);
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
    throw refuse('ATTENDANCE_NOT_RECORDED', '尚未登记到会人数，不能结束表决');
  }

  /** §4.2, and nothing else, decides. RulesError (BALLOTS_EXCEED_PRESENT …) answers 422. */
  private tally(session: VoteSession, present: number, c: Counts, written: Written): VoteOutcome {
    const profile = this.rules.profile;
    switch (session.level) {
      case 'mass_assessment':
        return tallyMassAssessment(
          { purpose: session.purpose === 'conversion' ? 'conversion' : 'admission', expected: session.expected, present, approve: c.approve, disapprove: c.reject, abstain: c.abstain, invalid: c.invalid },
          profile,
        );
      case 'branch_meeting':
        return tallyBranchMeeting({ expected: session.expected, present, approve: c.approve, reject: c.reject, abstain: c.abstain, invalid: c.invalid, written }, profile);
      case 'committee':
        return tallyCommittee({ bodySize: session.expected, present, approve: c.approve, reject: c.reject, abstain: c.abstain, invalid: c.invalid }, profile);
    }
  }

  private async paperCounts(em: EntityManager, sessionId: string, vcs: VoteCandidate[], list: Candidate[]): Promise<Counts[]> {
    const rows = new Map((await em.find(VoteCount, { where: { sessionId } })).map((r) => [r.candidateId, r]));
    const missing = list.filter((c) => !rows.has(c.id));
    if (missing.length) throw refuse('COUNTS_MISSING', `以下候选人尚未录入计票结果: ${missing.slice(0, 20).map((c) => c.name).join('、')}${missing.length > 20 ? ` 等 ${missing.length} 人` : ''}`);
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
    return Array.from({ length: n }, (_, i) => ({ approve: approve[i], reject: reject[i], abstain: valid - approve[i] - reject[i], invalid }));
  }

  private async writtenTallies(em: EntityManager, sessionId: string, ordinals: Map<string, number>): Promise<Written[]> {
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

  /** What one level's outcome does to one candidate (SPEC §7.4); other writes are collected in `fx`. `counts` include written opinions. */
  private effectOf(session: VoteSession, candidate: Candidate, command: Command, outcome: VoteOutcome, counts: Counts, fx: Consequences): BatchCommand {
    const date = session.meetingDate;
    const purpose = session.purpose as 'admission' | 'conversion';
    const level = session.level;
    const input: Record<string, unknown> = {
      voteId: session.id,
      level,
      purpose,
      approve: counts.approve,
      reject: counts.reject,
      abstain: counts.abstain,
      invalid: counts.invalid,
      required: outcome.required,
      passed: outcome.passed,
      reason: outcome.reason,
    };
    const profile = this.rules.profile;
    const effect = (c: Candidate, r: CandidateRecord) => {
      const votes = (r.votes ??= {});
      const round = (votes[purpose] ??= {});
      round[level] = { date, passed: outcome.passed };
      if (purpose === 'admission') {
        if (level === 'mass_assessment' && !outcome.passed) {
          // seed 004: 继续作为入党积极分子考察培养
          c.stage = 'activist';
          clearAdmissionRound(r);
        }
        if (level === 'branch_meeting' && outcome.passed) {
          const due = approvalDue(date, profile);
          fx.approvalDeadlines.push({ candidateId: c.id, orgPath: c.orgPath, kind: 'approval', dueOn: due });
          input.approvalDue = due;
        }
        if (level === 'committee' && outcome.passed) {
          const branchDate = round.branch_meeting!.date;
          const end = probationEnd(branchDate, 0, profile);
          c.stage = 'probationary';
          r.probationStart = branchDate; // 细则: probation runs from the branch meeting resolution
          r.probationEnd = end;
          fx.approved.push(c.id);
          fx.probationDeadlines.push({ candidateId: c.id, orgPath: c.orgPath, kind: 'probation_end', dueOn: end });
          fx.newMembers.push({ id: newId(), orgId: c.orgId, name: c.name, status: 'probationary', votingRights: true, joinedOn: branchDate, candidateId: c.id, createdAt: this.clock.now().toISOString() });
          const due = approvalDue(branchDate, profile);
          if (date > due) fx.late.push({ candidate: c, branchDate, due });
          Object.assign(input, { probationStart: branchDate, probationEnd: end });
        }
        return;
      }
      if (level === 'committee') {
        if (outcome.passed) {
          const end = r.probationEnd ?? probationEnd(r.probationStart!, 0, profile);
          c.stage = 'full_member';
          r.fullMemberOn = end; // dated the probation end
          r.closedOn = end;
          delete r.conversionDecision;
          fx.converted.push(c.id);
          input.fullMemberOn = end;
        }
        return;
      }
      const mass = round.mass_assessment;
      const branch = round.branch_meeting;
      if (mass && branch) {
        const decision = conversionDecision({ mass: asOutcome(mass), branch: asOutcome(branch), extensionsUsed: r.extensionsUsed ?? 0 }, profile);
        r.conversionDecision = { decision, decidedOn: date };
        input.conversionDecision = decision;
      }
    };
    return { candidate, command, input, effect };
  }

  private async writeConsequences(em: EntityManager, session: VoteSession, fx: Consequences): Promise<void> {
    await this.deadlines.openMany(em, fx.approvalDeadlines);
    await this.deadlines.resolveMany(em, fx.approved, 'approval');
    await this.deadlines.openMany(em, fx.probationDeadlines);
    await insertRows(em, Member, fx.newMembers);
    await this.deadlines.resolveMany(em, fx.converted, 'probation_end');
    for (const part of chunks(fx.converted)) await em.update(Member, { candidateId: In(part) }, { status: 'formal' });
    for (const { candidate, branchDate, due } of fx.late) {
      // 细则: approve within three months of the branch meeting; later is allowed but accountable (A11).
      await this.accountability.raise(em, {
        situation: 'A11',
        orgId: session.orgId,
        candidateId: candidate.id,
        occurredOn: session.meetingDate,
        facts: `${candidate.name}：支部大会于 ${branchDate} 通过接收为预备党员，应于 ${due} 前审批，实际审批日期 ${session.meetingDate}`,
        dedupeKey: `A11:${candidate.id}`,
      });
    }
  }

  // ── access ──────────────────────────────────────────────────────────────────

  private async requireSession(em: EntityManager, caller: Caller, id: string, forUpdate = false): Promise<VoteSession> {
    const session = forUpdate ? await this.tx.findForUpdate(em, VoteSession, { id }) : await em.findOne(VoteSession, { where: { id } });
    if (!session || !inScope(caller, session.orgPath)) throw notFound('表决');
    if (!rolesFor(session.level, session.purpose).includes(caller.role)) throw forbidden(`当前角色无权办理${LEVEL_ZH[session.level]}表决`);
    return session;
  }

  private async requireOpen(em: EntityManager, caller: Caller, id: string): Promise<VoteSession> {
    const session = await this.requireSession(em, caller, id, true);
    if (session.status !== 'open') throw refuse('VOTE_CLOSED', '本次表决已结束');
    return session;
  }
}

const hasVote = (m: Member) => m.status === 'formal' && !!m.votingRights;

/** Branch meeting: written opinions count as votes (not as presence), so the figures shown include them. */
const withWritten = (c: Counts, w: Written): Counts => ({ approve: c.approve + w.approve, reject: c.reject + w.reject, abstain: c.abstain + w.abstain, invalid: c.invalid });

function emptyConsequences(): Consequences {
  return { approvalDeadlines: [], probationDeadlines: [], approved: [], newMembers: [], converted: [], late: [] };
}

/** conversionDecision reads only whether each level passed. */
function asOutcome(v: VoteFacts): VoteOutcome {
  return { passed: v.passed, quorumMet: true, base: 0, required: 0, approve: 0, reason: v.passed ? 'PASSED' : 'INSUFFICIENT_APPROVAL' };
}

function encodeChoices(choices: Record<string, Choice>, n: number, ordinals: Map<string, number>): string {
  const out = new Array<string>(n).fill(CHOICE_CHAR.abstain);
  const stray: string[] = [];
  for (const [candidateId, choice] of Object.entries(choices)) {
    const i = ordinals.get(candidateId);
    if (i === undefined) stray.push(candidateId);
    else out[i] = CHOICE_CHAR[choice];
  }
  if (stray.length) throw refuse('CANDIDATE_NOT_IN_VOTE', `以下候选人不在本次表决中: ${listIds(stray)}`);
  return out.join('');
}

function fieldError(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', '请求参数有误', { errors: [{ field, code: 'isDefined', message: `${field}: ${message}` }] });
}

/**
 * Candidates by id, chunked. `lock` (PostgreSQL) takes their rows FOR UPDATE in id order, so
 * a close neither loses a concurrent command's change nor deadlocks with another close.
 */
async function loadCandidates(em: EntityManager, ids: readonly string[], lock = false): Promise<Map<string, Candidate>> {
  const map = new Map<string, Candidate>();
  const sorted = lock ? [...ids].sort() : ids;
  for (const part of chunks(sorted)) {
    const rows = await em.find(Candidate, { where: { id: In(part) }, ...(lock ? { order: { id: 'ASC' as const }, lock: { mode: 'pessimistic_write' as const } } : {}) });
    for (const c of rows) map.set(c.id, c);
  }
  return map;
}
