import { Injectable, StreamableFile } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, Like, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Clock } from '../common/clock';
import { forbidden, notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { Page, pageOf, PageQuery } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { insertRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import { attachment, XLSX_TYPE } from '../office/files';
import { columnNamed, DryRun, fillTemplate, ImportColumn, parseImport, refusal } from '../office/import';
import { xlsxBuffer } from '../office/xlsx';
import { CreateMemberDto, CreateOrganizationDto, UpdateMemberDto } from './dto';
import { ALLOWED_PARENTS } from './kinds';
import { Member } from './member.entity';
import { Organization } from './organization.entity';
import { MemberView, OrganizationView, toMemberView, toOrganizationView } from './views';

/** SPEC §15: the roster's import template, one column per field of a single member. */
const MEMBER_COLUMNS: ImportColumn[] = [
  { header: '姓名', field: 'name', required: true, example: '李四' },
  {
    header: '党员类别',
    field: 'status',
    required: true,
    kind: 'choice',
    choices: { 正式党员: 'formal', 预备党员: 'probationary' },
    example: '正式党员',
  },
  { header: '入党日期', field: 'joinedOn', required: true, kind: 'date', example: '2010-07-01' },
  {
    header: '有表决权',
    field: 'votingRights',
    kind: 'yesNo',
    note: '留空为“是”；受留党察看处分期间等无表决权的填“否”',
    example: '是',
  },
];

type Imported = { rows: number; imported: number };

const KIND_ZH: Record<string, string> = {
  department: '组织部',
  committee: '党（工）委',
  general_branch: '党总支',
  branch: '党支部',
};

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
  ) {}

  /** The organization by id, whatever the scope (for the system's own writes). */
  byId(em: EntityManager, orgId: string): Promise<Organization | null> {
    return em.findOne(Organization, { where: { id: orgId } });
  }

  /** The organization, if the caller may see it; 404 otherwise (never reveals existence). */
  async requireOrg(caller: Caller, orgId: string, em: EntityManager = this.dataSource.manager): Promise<Organization> {
    const org = await em.findOne(Organization, { where: { id: orgId } });
    if (!org || !inScope(caller, org.path)) throw notFound('组织');
    return org;
  }

  /**
   * The path prefix of the caller's subtree — or of the subtree of `orgId` when given (404 when
   * that organization is outside the caller's scope); '' for an admin's everything.
   */
  async scopePath(caller: Caller, orgId?: string): Promise<string> {
    return orgId ? (await this.requireOrg(caller, orgId)).path : caller.scopePath;
  }

  /**
   * A query over rows carrying an `org_path`, limited to `scopePath`'s subtree, as a LIKE, which
   * SQLite never reads through an org_path index — measured at 100,000 candidates
   * (bench/RESULTS.md), a range made SQLite scan that index and sort for a whole-tree page
   * (150 ms instead of 23 ms).
   */
  async scopedQuery<E extends ObjectLiteral>(
    caller: Caller,
    entity: EntityTarget<E>,
    alias: string,
    orgId?: string,
  ): Promise<SelectQueryBuilder<E>> {
    const prefix = await this.scopePath(caller, orgId);
    return this.dataSource
      .getRepository(entity)
      .createQueryBuilder(alias)
      .where(`${alias}.org_path LIKE :scopePrefix`, { scopePrefix: `${prefix}%` });
  }

  async create(caller: Caller, dto: CreateOrganizationDto): Promise<OrganizationView> {
    const id = newId();
    const org = await this.tx.run(async (em) => {
      let parent: Organization | null = null;
      if (dto.parentId) parent = await this.requireOrg(caller, dto.parentId, em);
      else if (caller.role !== 'admin') throw forbidden('只有系统管理员可以创建顶级组织');
      if (!ALLOWED_PARENTS[dto.kind].includes(parent ? parent.kind : null)) {
        const where = parent ? `${KIND_ZH[parent.kind]}之下` : '顶级';
        throw new RuleViolation('ORG_PARENT_INVALID', `${KIND_ZH[dto.kind]}不能设在${where}`);
      }
      const row = em.create(Organization, {
        id,
        name: dto.name,
        kind: dto.kind,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
        createdAt: this.clock.now().toISOString(),
      });
      return em.save(row);
    });
    return toOrganizationView(org);
  }

  async get(caller: Caller, id: string): Promise<OrganizationView & { children: OrganizationView[] }> {
    const org = await this.requireOrg(caller, id);
    const children = await this.dataSource
      .getRepository(Organization)
      .find({ where: { parentId: id }, order: { name: 'ASC' } });
    return { ...toOrganizationView(org), children: children.map(toOrganizationView) };
  }

  async list(caller: Caller, query: PageQuery & { parentId?: string }): Promise<Page<OrganizationView>> {
    const { page, limit, skip } = pageOf(query);
    const where = { path: Like(`${caller.scopePath}%`), ...(query.parentId ? { parentId: query.parentId } : {}) };
    const [rows, total] = await this.dataSource.getRepository(Organization).findAndCount({
      where,
      order: { path: 'ASC' },
      skip,
      take: limit,
    });
    return { items: rows.map(toOrganizationView), total, page, limit };
  }

  async addMember(caller: Caller, orgId: string, dto: CreateMemberDto): Promise<MemberView> {
    const member = await this.tx.run(async (em) => {
      await this.requireRoster(caller, orgId, em);
      const [violation] = this.memberViolations(dto);
      if (violation) throw new RuleViolation(violation.code, violation.message);
      return em.save(this.newMember(orgId, dto));
    });
    return toMemberView(member);
  }

  /**
   * SPEC §15: roster members from a spreadsheet, each row through addMember's validation and
   * gates; all or nothing, and nothing at all on a dry run.
   */
  async importMembers(caller: Caller, orgId: string, file: Buffer, dryRun: boolean): Promise<DryRun | Imported> {
    const { rows, parsed, errors } = await parseImport(file, MEMBER_COLUMNS, CreateMemberDto);
    for (const { row, value } of parsed)
      for (const v of this.memberViolations(value))
        errors.push({ row, column: columnNamed(MEMBER_COLUMNS, v.message), ...v });
    return this.tx.run(async (em) => {
      await this.requireRoster(caller, orgId, em);
      if (dryRun || errors.length) return refusal(rows, errors, dryRun);
      await insertRows(
        em,
        Member,
        parsed.map(({ value }) => this.newMember(orgId, value)),
      );
      return { rows, imported: rows };
    });
  }

  async memberTemplate(): Promise<StreamableFile> {
    const bytes = await xlsxBuffer((wb) => fillTemplate(wb, '党员名册', MEMBER_COLUMNS));
    return attachment(bytes, '党员名册导入模板.xlsx', XLSX_TYPE);
  }

  /** The roster is kept on branches only. */
  private async requireRoster(caller: Caller, orgId: string, em: EntityManager): Promise<void> {
    const org = await this.requireOrg(caller, orgId, em);
    if (org.kind !== 'branch') throw new RuleViolation('ROSTER_BRANCH_ONLY', '党员名册只能登记在党支部');
  }

  /** A member's own gate: joined no later than today. */
  private memberViolations(dto: CreateMemberDto): { code: string; message: string }[] {
    return dto.joinedOn > this.rules.today() ? [{ code: 'DATE_IN_FUTURE', message: '入党日期不能晚于今天' }] : [];
  }

  private newMember(orgId: string, dto: CreateMemberDto): Member {
    return Object.assign(new Member(), {
      id: newId(),
      orgId,
      name: dto.name,
      status: dto.status,
      votingRights: dto.votingRights ?? true,
      joinedOn: dto.joinedOn,
      candidateId: null,
      createdAt: this.clock.now().toISOString(),
    });
  }

  async listMembers(caller: Caller, orgId: string, query: PageQuery): Promise<Page<MemberView>> {
    await this.requireOrg(caller, orgId);
    const { page, limit, skip } = pageOf(query);
    const [rows, total] = await this.dataSource.getRepository(Member).findAndCount({
      where: { orgId },
      order: { name: 'ASC', id: 'ASC' },
      skip,
      take: limit,
    });
    return { items: rows.map(toMemberView), total, page, limit };
  }

  async updateMember(caller: Caller, memberId: string, dto: UpdateMemberDto): Promise<MemberView> {
    const member = await this.tx.run(async (em) => {
      const row = await em.findOne(Member, { where: { id: memberId } });
      if (!row) throw notFound('党员');
      await this.requireOrg(caller, row.orgId, em).catch(() => {
        throw notFound('党员');
      });
      Object.assign(row, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      return em.save(row);
    });
    return toMemberView(member);
  }
}
