import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Actor, CandidatesService, CandidateWriter } from '../candidates';

import { Clock } from '../common/clock';
import { notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { DeadlinesService } from '../deadlines';
import { OrganizationsService } from '../organizations';
import { PublicityService } from '../publicity';
import { CandidateState, complaintDue, complaintOutcome, TERMINAL_STAGES } from '@admissions/rules';
import { Complaint, ComplaintChannel, ComplaintVerification } from './complaint.entity';
import { ListComplaintsQuery, PublicComplaintDto, StaffComplaintDto, VerificationDto } from './dto';
import { AccountabilityService } from '../accountability';
import { newTrackingCode, normalizeTrackingCode } from './tracking-code';
import { ComplaintAlreadyVerified } from './errors';
import { ComplaintStatusView, ComplaintView, toComplaintStatus, toComplaintView } from './views';

/** Whoever files online: no login, so the timeline names the channel. */
const PUBLIC: Actor = { sub: 'public', name: '群众（网上举报）' };

@Injectable()
export class ComplaintsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly candidates: CandidatesService,
    private readonly writer: CandidateWriter,
    private readonly deadlines: DeadlinesService,
    private readonly publicity: PublicityService,
    private readonly accountability: AccountabilityService,
  ) {}

  /** Online, no login: only on a notice open today and about a candidate on it. */
  async filePublic(dto: PublicComplaintDto): Promise<{ trackingCode: string; due: string }> {
    const trackingCode = newTrackingCode();
    const today = this.rules.today();
    const due = complaintDue(today, this.rules.profile);
    await this.tx.run(async (em) => {
      await this.publicity.requireOpenEntry(em, dto.noticeId, dto.candidateId, today);
      const [candidate] = await this.candidates.find(em, [dto.candidateId]);
      if (!candidate) throw notFound('公示对象');
      await this.insert(em, PUBLIC, candidate, {
        noticeId: dto.noticeId,
        source: 'public',
        channel: 'online',
        receivedOn: today,
        content: dto.content,
        contact: dto.contact ?? null,
        complainant: null,
        trackingCode,
        dueOn: due,
        createdBy: null,
      });
    });
    return { trackingCode, due };
  }

  /** Letters, visits, hotline calls (committee and up). */
  async fileStaff(caller: Caller, dto: StaffComplaintDto): Promise<ComplaintView> {
    const trackingCode = newTrackingCode();
    const id = await this.tx.run(async (em) => {
      const candidate = await this.candidates.requireVisible(em, caller, dto.candidateId);
      const today = this.rules.today();
      if (dto.receivedOn > today)
        throw new RuleViolation('DATE_IN_FUTURE', `收到日期（${dto.receivedOn}）晚于当前日期（${today}）`);
      if (dto.receivedOn < candidate.applicationDate) {
        throw new RuleViolation(
          'DATE_OUT_OF_ORDER',
          `收到日期（${dto.receivedOn}）不得早于申请日期（${candidate.applicationDate}）`,
        );
      }
      return this.insert(em, caller, candidate, {
        noticeId: null,
        source: 'staff',
        channel: dto.channel,
        receivedOn: dto.receivedOn,
        content: dto.content,
        contact: null,
        complainant: dto.complainant ?? null,
        trackingCode,
        dueOn: complaintDue(dto.receivedOn, this.rules.profile),
        createdBy: caller.sub,
      });
    });
    return this.get(caller, id);
  }

  /** A complaint opens against the candidate: +1 open complaint and a verification deadline, in one transaction. */
  private async insert(
    em: EntityManager,
    actor: Actor,
    candidate: CandidateState,
    c: {
      noticeId: string | null;
      source: 'public' | 'staff';
      channel: ComplaintChannel;
      receivedOn: string;
      content: string;
      contact: string | null;
      complainant: string | null;
      trackingCode: string;
      dueOn: string;
      createdBy: string | null;
    },
  ): Promise<string> {
    if (TERMINAL_STAGES.includes(candidate.stage)) {
      throw new RuleViolation('CANDIDATE_CLOSED', '该对象的发展程序已经终止，不再受理针对其发展的举报');
    }
    const id = newId();
    const now = this.clock.now().toISOString();
    await em.insert(Complaint, {
      id,
      candidateId: candidate.id,
      orgPath: candidate.orgPath,
      ...c,
      status: 'open',
      round: 1,
      holdsDeferral: false,
      late: false,
      finding: null,
      outcome: null,
      verifiedOn: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.writer.run(em, actor, [
      { id: candidate.id, command: { type: 'complaint-filed', data: { complaintId: id, receivedOn: c.receivedOn } } },
    ]);
    await this.deadlines.open(em, {
      candidateId: candidate.id,
      orgPath: candidate.orgPath,
      kind: 'complaint',
      dueOn: c.dueOn,
      refId: id,
    });
    return id;
  }

  /**
   * SPEC §6: a verification applies complaintOutcome. A final finding closes the complaint
   * (−1 open complaint, deadline resolved); `unclear` keeps it open with a new due date and
   * defers the candidate until it is verified again (SPEC §4.5).
   */
  async verify(caller: Caller, id: string, dto: VerificationDto): Promise<ComplaintView> {
    await this.tx.run(async (em) => {
      const complaint = await this.tx.findForUpdate(em, Complaint, { id });
      if (!complaint || !inScope(caller, complaint.orgPath)) throw notFound('举报');
      if (complaint.status !== 'open') throw new ComplaintAlreadyVerified(complaint.verifiedOn);
      const today = this.rules.today();
      if (dto.verifiedOn > today)
        throw new RuleViolation('DATE_IN_FUTURE', `核实日期（${dto.verifiedOn}）晚于当前日期（${today}）`);
      const previous = complaint.verifiedOn ?? complaint.receivedOn;
      if (dto.verifiedOn < previous) {
        const label = complaint.verifiedOn ? '上次核实日期' : '收到日期';
        throw new RuleViolation('DATE_OUT_OF_ORDER', `核实日期（${dto.verifiedOn}）不得早于${label}（${previous}）`);
      }
      const candidate = await this.candidates.requireVisible(em, caller, complaint.candidateId);

      const outcome = complaintOutcome(dto.finding);
      const final = dto.finding !== 'unclear';
      const late = dto.verifiedOn > complaint.dueOn;
      const nextDue = final ? null : complaintDue(dto.verifiedOn, this.rules.profile);
      await em.insert(ComplaintVerification, {
        id: newId(),
        complaintId: complaint.id,
        round: complaint.round,
        verifiedOn: dto.verifiedOn,
        finding: dto.finding,
        outcome,
        summary: dto.summary,
        reply: dto.reply ?? null,
        dueOn: complaint.dueOn,
        late,
        nextDueOn: nextDue,
        verifiedBy: caller.sub,
        verifiedByName: caller.name,
        profileStamp: this.rules.stamp,
        recordedAt: this.clock.now().toISOString(),
      });
      // Before the outcome: a terminal outcome cancels the candidate's pending deadlines.
      await this.deadlines.resolve(em, candidate.id, 'complaint', complaint.id);
      if (late) {
        // seed 004: verify within a week; later is B05 (对举报不按期调查核实)
        await this.accountability.raise(em, {
          situation: 'B05',
          orgId: candidate.orgId,
          candidateId: candidate.id,
          occurredOn: dto.verifiedOn,
          facts: `关于${candidate.name}的举报（${complaint.receivedOn} 受理，第 ${complaint.round} 轮核实）应于 ${complaint.dueOn} 前核实，实际核实日期 ${dto.verifiedOn}`,
          dedupeKey: `B05:${complaint.id}:${complaint.round}`,
        });
      }

      // The finding reaches the candidate through its writer, as one event (SPEC §6, §4.5).
      const [event] = await this.writer.executeIn(em, caller, candidate.id, {
        type: 'complaint-verified',
        data: { complaintId: complaint.id, finding: dto.finding, outcome, verifiedOn: dto.verifiedOn },
        holdsDeferral: complaint.holdsDeferral,
      });
      // An `unclear` round's deferral is this complaint's to lift; a founded finding makes it the branch's.
      if (event?.type === 'resume') complaint.holdsDeferral = false;
      else if (event?.type === 'defer') complaint.holdsDeferral = dto.finding === 'unclear';
      else if (outcome === 'defer' && dto.finding !== 'unclear') complaint.holdsDeferral = false;

      complaint.late = complaint.late || late;
      complaint.finding = dto.finding;
      complaint.outcome = outcome;
      complaint.verifiedOn = dto.verifiedOn;
      complaint.updatedAt = this.clock.now().toISOString();
      if (final) {
        complaint.status = 'verified';
      } else {
        complaint.round += 1;
        complaint.dueOn = nextDue!;
        await this.deadlines.open(em, {
          candidateId: candidate.id,
          orgPath: candidate.orgPath,
          kind: 'complaint',
          dueOn: nextDue!,
          refId: complaint.id,
        });
      }
      await em.update(
        Complaint,
        { id: complaint.id },
        {
          status: complaint.status,
          round: complaint.round,
          dueOn: complaint.dueOn,
          holdsDeferral: complaint.holdsDeferral,
          late: complaint.late,
          finding: complaint.finding,
          outcome: complaint.outcome,
          verifiedOn: complaint.verifiedOn,
          updatedAt: complaint.updatedAt,
        },
      );
    });
    return this.get(caller, id);
  }

  async get(caller: Caller, id: string): Promise<ComplaintView> {
    const em = this.dataSource.manager;
    const complaint = await em.findOne(Complaint, { where: { id } });
    if (!complaint || !inScope(caller, complaint.orgPath)) throw notFound('举报');
    const [names, verifications] = await Promise.all([
      this.candidates.names(em, [complaint.candidateId]),
      em.find(ComplaintVerification, { where: { complaintId: id }, order: { round: 'ASC' } }),
    ]);
    return toComplaintView(complaint, names.get(complaint.candidateId) ?? null, verifications);
  }

  async list(caller: Caller, query: ListComplaintsQuery): Promise<Page<ComplaintView>> {
    const { page, limit, skip } = pageOf(query);
    const qb = await this.orgs.scopedQuery(caller, Complaint, 'c', query.orgId);
    if (query.candidateId) qb.andWhere('c.candidate_id = :candidateId', { candidateId: query.candidateId });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .skip(skip)
      .take(limit)
      .getManyAndCount();
    const ids = rows.map((c) => c.id);
    const candidateIds = [...new Set(rows.map((c) => c.candidateId))];
    const [verifications, names] = ids.length
      ? await Promise.all([
          this.dataSource
            .getRepository(ComplaintVerification)
            .find({ where: { complaintId: In(ids) }, order: { round: 'ASC' } }),
          this.candidates.names(this.dataSource.manager, candidateIds),
        ])
      : [[], new Map<string, string>()];
    const items = rows.map((c) =>
      toComplaintView(
        c,
        names.get(c.candidateId) ?? null,
        verifications.filter((v) => v.complaintId === c.id),
      ),
    );
    return { items, total, page, limit };
  }

  /** Public: status, dates and the reply, for whoever holds the tracking code. */
  async status(trackingCode: string): Promise<ComplaintStatusView> {
    const code = normalizeTrackingCode(trackingCode);
    const complaint = code
      ? await this.dataSource.getRepository(Complaint).findOne({ where: { trackingCode: code } })
      : null;
    if (!complaint) throw notFound('举报');
    const verifications = await this.dataSource
      .getRepository(ComplaintVerification)
      .find({ where: { complaintId: complaint.id } });
    return toComplaintStatus(complaint, verifications);
  }
}
