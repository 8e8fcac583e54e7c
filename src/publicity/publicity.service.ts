import { StreamableFile, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Actor, CandidateWriter, SYSTEM } from '../candidates';
import { Clock } from '../common/clock';
import { notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { docxFile } from '../office/docx';
import { noticeText } from './notice-text';
import { Organization } from '../organizations';
import { OrganizationsService } from '../organizations';
import { addDays, CandidateState, publicityWindow } from '@admissions/rules';
import { CreateNoticeDto, ListNoticesQuery, PublicNoticesQuery } from './dto';
import { PublicityEntry, PublicityNotice } from './publicity-notice.entity';
import {
  NoticeView,
  PublicNoticeSummary,
  PublicNoticeView,
  acceptingComplaints,
  noticeContent,
  toNoticeView,
  toPublicNoticeSummary,
  toPublicNoticeView,
} from './views';

const CHUNK = 500; // keeps IN (…) lists and multi-row inserts under the drivers' parameter limits

@Injectable()
export class PublicityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly writer: CandidateWriter,
  ) {}

  /** SPEC §6 / §5 row 9: every candidate passes the publicity gates, or nothing is written. */
  async create(caller: Caller, dto: CreateNoticeDto): Promise<NoticeView> {
    const window = publicityWindow(dto.startDate, dto.days, this.rules.profile); // PUBLICITY_DAYS_OUT_OF_RANGE before anything is read
    const id = newId();
    await this.tx.run(async (em) => {
      const org = await this.orgs.requireOrg(caller, dto.orgId, em);
      const locked = await this.writer.lock(em, dto.candidateIds, caller);
      const candidates = dto.candidateIds.map((c) => locked.get(c)!);
      const outside = candidates.filter((c) => !c.orgPath.startsWith(org.path));
      if (outside.length) {
        throw new RuleViolation(
          'CANDIDATE_NOT_IN_ORG',
          `以下候选人不属于${org.name}：${outside.map((c) => c.name).join('、')}`,
        );
      }

      await this.insertNotice(em, caller, org, id, dto, window, candidates);
      const data = {
        noticeId: id,
        kind: dto.kind,
        orgId: org.id,
        startDate: window.start,
        end: window.end,
        days: window.days,
      };
      // SPEC §6 / §5 row 9: every candidate passes the publicity gates, or nothing is written.
      await this.writer.run(
        em,
        caller,
        candidates.map((c) => ({ id: c.id, command: { type: 'publicity', data } })),
        { named: true, locked },
      );
    });
    return this.get(caller, id);
  }

  async close(caller: Caller, id: string): Promise<NoticeView> {
    await this.requireNotice(this.dataSource.manager, caller, id);
    await this.closeNotice(id, this.rules.today(), caller);
    return this.get(caller, id);
  }

  /**
   * Closes a notice once its window is over (today > end): records the closing date on each
   * candidate's publicity and resolves the publicity_end deadlines. No caller: the
   * publicity_end job calls it too. Closing a closed notice is a no-op that answers the notice.
   */
  async closeNotice(
    noticeId: string,
    today: string = this.rules.today(),
    actor: Actor = SYSTEM,
  ): Promise<PublicityNotice> {
    return this.tx.run(async (em) => {
      const notice = await this.tx.findForUpdate(em, PublicityNotice, { id: noticeId });
      if (!notice) throw notFound('公示');
      if (notice.status === 'closed') return notice;
      if (today <= notice.endDate) {
        throw new RuleViolation(
          'PUBLICITY_NOT_ENDED',
          `公示期至 ${notice.endDate} 结束，${addDays(notice.endDate, 1)} 起方可结束公示`,
        );
      }
      const entries = await em.find(PublicityEntry, { where: { noticeId }, select: { candidateId: true } });
      // A later notice may have replaced this one on a candidate's record: the writer leaves that one alone.
      const command = { type: 'publicity-close' as const, data: { noticeId, kind: notice.kind, date: today } };
      await this.writer.run(
        em,
        actor,
        entries.map((e) => ({ id: e.candidateId, command })),
        { each: true },
      );
      notice.status = 'closed';
      notice.closedOn = today;
      await em.update(PublicityNotice, { id: notice.id }, { status: notice.status, closedOn: notice.closedOn });
      return notice;
    });
  }

  async get(caller: Caller, id: string): Promise<NoticeView> {
    const em = this.dataSource.manager;
    const notice = await this.requireNotice(em, caller, id);
    return toNoticeView(notice, await this.entries(em, id), this.rules.today());
  }

  /** SPEC §15: the notice as an official document, its text exactly as the public page gives it. */
  async noticeDocument(caller: Caller, id: string): Promise<StreamableFile> {
    const em = this.dataSource.manager;
    const notice = await this.requireNotice(em, caller, id);
    const content = noticeContent(notice, await this.entries(em, id));
    // noticeText: the title first, the issuer and the date last.
    const lines = noticeText(content).split('\n');
    return docxFile(`${lines[0]}.docx`, {
      title: lines[0],
      blocks: lines
        .slice(1, -2)
        .filter((line) => line !== '')
        .map((text) => ({ text })),
      issuer: content.issuer,
      date: content.startDate,
    });
  }

  async list(caller: Caller, query: ListNoticesQuery): Promise<Page<NoticeView>> {
    const { page, limit, skip } = pageOf(query);
    const qb = await this.orgs.scopedQuery(caller, PublicityNotice, 'n', query.orgId);
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    const [rows, total] = await qb
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip(skip)
      .take(limit)
      .getManyAndCount();
    const entries = await this.entriesOf(rows.map((n) => n.id));
    const today = this.rules.today();
    return { items: rows.map((n) => toNoticeView(n, entries.get(n.id) ?? [], today)), total, page, limit };
  }

  /** Public: notices open for complaints today (start ≤ today ≤ end, not closed), optionally of one org's subtree. */
  async listActive(query: PublicNoticesQuery): Promise<Page<PublicNoticeSummary>> {
    const { page, limit, skip } = pageOf(query);
    const today = this.rules.today();
    const qb = this.dataSource
      .getRepository(PublicityNotice)
      .createQueryBuilder('n')
      .where('n.status = :open', { open: 'open' })
      .andWhere('n.start_date <= :today AND n.end_date >= :today', { today });
    if (query.orgId) {
      const org = await this.orgs.byId(this.dataSource.manager, query.orgId);
      if (!org) throw notFound('组织');
      qb.andWhere('n.org_path LIKE :prefix', { prefix: `${org.path}%` });
    }
    const [rows, total] = await qb
      .orderBy('n.start_date', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip(skip)
      .take(limit)
      .getManyAndCount();
    const firsts = rows.length
      ? await this.dataSource
          .getRepository(PublicityEntry)
          .find({ where: { noticeId: In(rows.map((n) => n.id)), seq: 0 } })
      : [];
    const items = rows.map((n) => toPublicNoticeSummary(n, firsts.find((e) => e.noticeId === n.id)?.name ?? '', today));
    return { items, total, page, limit };
  }

  /** Public: any notice by id (a closed one stays readable, without the form). */
  async publicNotice(id: string): Promise<PublicNoticeView> {
    const em = this.dataSource.manager;
    const notice = await em.findOne(PublicityNotice, { where: { id } });
    if (!notice) throw notFound('公示');
    return toPublicNoticeView(notice, await this.entries(em, id), this.rules.today());
  }

  /**
   * For a complaint filed online: the notice must be open today and list the candidate
   * (NOTICE_NOT_OPEN, CANDIDATE_NOT_ON_NOTICE); 404 for an unknown notice.
   */
  async requireOpenEntry(
    em: EntityManager,
    noticeId: string,
    candidateId: string,
    today: string,
  ): Promise<PublicityNotice> {
    const notice = await em.findOne(PublicityNotice, { where: { id: noticeId } });
    if (!notice) throw notFound('公示');
    if (!acceptingComplaints(notice, today)) {
      throw new RuleViolation(
        'NOTICE_NOT_OPEN',
        `该公示不在公示期内（${notice.startDate} 至 ${notice.endDate}），不再受理网上反映`,
      );
    }
    const entry = await em.findOne(PublicityEntry, { where: { noticeId, candidateId } });
    if (!entry) throw new RuleViolation('CANDIDATE_NOT_ON_NOTICE', '该公示中没有所反映的公示对象');
    return notice;
  }

  private async requireNotice(em: EntityManager, caller: Caller, id: string): Promise<PublicityNotice> {
    const notice = await em.findOne(PublicityNotice, { where: { id } });
    if (!notice || !inScope(caller, notice.orgPath)) throw notFound('公示');
    return notice;
  }

  private entries(em: EntityManager, noticeId: string): Promise<PublicityEntry[]> {
    return em.find(PublicityEntry, { where: { noticeId }, order: { seq: 'ASC' } });
  }

  private async entriesOf(noticeIds: string[]): Promise<Map<string, PublicityEntry[]>> {
    const out = new Map<string, PublicityEntry[]>();
    if (!noticeIds.length) return out;
    const rows = await this.dataSource
      .getRepository(PublicityEntry)
      .find({ where: { noticeId: In(noticeIds) }, order: { seq: 'ASC' } });
    for (const e of rows) out.set(e.noticeId, [...(out.get(e.noticeId) ?? []), e]);
    return out;
  }

  private async insertNotice(
    em: EntityManager,
    caller: Caller,
    org: Organization,
    id: string,
    dto: CreateNoticeDto,
    window: { start: string; end: string; days: number },
    candidates: CandidateState[],
  ): Promise<void> {
    await em.insert(PublicityNotice, {
      id,
      orgId: org.id,
      orgPath: org.path,
      issuer: org.name,
      kind: dto.kind,
      startDate: window.start,
      endDate: window.end,
      days: window.days,
      channels: JSON.stringify({ ...dto.channels }),
      status: 'open',
      closedOn: null,
      candidateCount: candidates.length,
      createdBy: caller.sub,
      profileStamp: this.rules.stamp,
      createdAt: this.clock.now().toISOString(),
    });
    const entries = candidates.map((c, seq) => ({
      id: newId(),
      noticeId: id,
      candidateId: c.id,
      seq,
      name: c.name,
      gender: c.gender,
      birthYearMonth: c.birthDate.slice(0, 7),
      education: c.education,
      workUnit: c.workUnit,
    }));
    for (let i = 0; i < entries.length; i += CHUNK / 10)
      await em.insert(PublicityEntry, entries.slice(i, i + CHUNK / 10));
  }
}
