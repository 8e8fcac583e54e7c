import { Injectable, StreamableFile } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import { CandidateState, STAGE_ZH, TERMINAL_STAGES } from '@admissions/rules';
import type { Caller } from '../auth/roles';
import { RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { RulesProfileService } from '../config/rules-profile.service';
import { Reader } from '../database/reader';
import { TransactionRunner } from '../database/transaction';
import { docxFile } from '../office/docx';
import { attachment, XLSX_TYPE } from '../office/files';
import { columnNamed, DryRun, fillTemplate, ImportColumn, ImportError, parseImport, refusal } from '../office/import';
import { xlsxBuffer, xlsxFile, XlsxColumn } from '../office/xlsx';
import { OrganizationsService, RosterService } from '../organizations';
import { Candidate } from './candidate.entity';
import { CandidateEvent as EventRow } from './candidate-event.entity';
import { CandidateWriter, Execution } from './candidate-writer.service';
import { CandidatesService } from './candidates.service';
import { CreateCandidateDto, ListCandidatesQuery } from './dto';
import { PersonalData } from './personal-data.service';
import { toState } from './projection';
import { afterKey, ListKey } from './cursor';
import { recordRows } from './record-document';

const GENDER = { 男: 'male', 女: 'female' };
const GENDER_ZH: Record<string, string> = { male: '男', female: '女' };

/** SPEC §15: the applicants' import template, one column per field of a single create. */
export const CANDIDATE_COLUMNS: ImportColumn[] = [
  { header: '姓名', field: 'name', required: true, example: '张三' },
  { header: '性别', field: 'gender', required: true, kind: 'choice', choices: GENDER, example: '男' },
  { header: '出生日期', field: 'birthDate', required: true, kind: 'date', example: '1998-05-12' },
  {
    header: '申请日期',
    field: 'applicationDate',
    required: true,
    kind: 'date',
    note: '递交入党申请书的日期',
    example: '2026-03-02',
  },
  { header: '民族', field: 'ethnicity', example: '汉族' },
  { header: '学历', field: 'education', example: '大学本科' },
  { header: '职业', field: 'occupation', example: '教师' },
  { header: '工作单位', field: 'workUnit', example: '某某县第一中学' },
  { header: '一线', field: 'frontline', kind: 'yesNo', note: '生产、工作一线', example: '是' },
  { header: '高知识群体', field: 'highKnowledge', kind: 'yesNo', example: '否' },
  {
    header: '身份证号',
    field: 'idNumber',
    note: '18 位（或旧 15 位）；只保存其摘要和掩码，用于查重',
    example: '330102199805120011',
  },
  {
    header: '曾被劝退或除名',
    field: 'priorRemoval.kind',
    kind: 'choice',
    choices: { 劝退: 'persuaded', 除名: 'removed' },
    note: '曾被劝退或除名的，填写此列和下一列',
    example: '',
  },
  { header: '劝退或除名日期', field: 'priorRemoval.on', kind: 'date', example: '' },
];

/** Gate codes whose column is not named in their message. */
const GATE_COLUMN: Record<string, string> = {
  AGE_UNDER_MINIMUM: '出生日期',
  REAPPLICATION_TOO_SOON: '劝退或除名日期',
  DUPLICATE_APPLICANT: '身份证号',
};

/** Thrown inside the import's transaction so that it rolls back (a dry run, or a row refused). */
class RollBack extends Error {}

const EXPORT_COLUMNS: XlsxColumn<CandidateState & { orgName: string }>[] = [
  { header: '姓名', value: (c) => c.name },
  { header: '性别', value: (c) => GENDER_ZH[c.gender] },
  { header: '出生日期', type: 'date', value: (c) => c.birthDate },
  { header: '民族', value: (c) => c.ethnicity },
  { header: '学历', value: (c) => c.education },
  { header: '职业', value: (c) => c.occupation },
  { header: '工作单位', width: 24, value: (c) => c.workUnit },
  { header: '一线', value: (c) => (c.frontline ? '是' : '否') },
  { header: '高知识群体', value: (c) => (c.highKnowledge ? '是' : '否') },
  { header: '身份证号（掩码）', width: 22, value: (c) => c.idMasked },
  { header: '党支部', width: 24, value: (c) => c.orgName },
  { header: '当前阶段', value: (c) => STAGE_ZH[c.stage] },
  { header: '暂缓', value: (c) => (c.deferred ? '是' : '否') },
  { header: '申请日期', type: 'date', value: (c) => c.applicationDate },
  { header: '确定积极分子日期', type: 'date', value: (c) => c.record.activistDate },
  { header: '确定发展对象日期', type: 'date', value: (c) => c.record.developmentObjectDate },
  { header: '预备期开始', type: 'date', value: (c) => c.record.probationStart },
  { header: '预备期结束', type: 'date', value: (c) => c.record.probationEnd },
  { header: '建档时间', type: 'time', width: 18, value: (c) => c.createdAt },
];

/** A page of the export: rows read this many at a time, by keyset on (created_at, id). */
const EXPORT_PAGE = 1000;

/** SPEC §15: the candidates' import, export and full record (发展党员全程纪实表). */
@Injectable()
export class CandidateFiles {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly roster: RosterService,
    private readonly writer: CandidateWriter,
    private readonly candidates: CandidatesService,
    private readonly personal: PersonalData,
    private readonly reader: Reader,
  ) {}

  async template(): Promise<StreamableFile> {
    const bytes = await xlsxBuffer((wb) => fillTemplate(wb, '入党申请人', CANDIDATE_COLUMNS));
    return attachment(bytes, '入党申请人导入模板.xlsx', XLSX_TYPE);
  }

  /**
   * Every row through the single create's validation and gates, in one transaction: committed
   * only when every row passes and this is not a dry run, rolled back otherwise.
   */
  async import(
    caller: Caller,
    orgId: string,
    file: Buffer,
    dryRun: boolean,
  ): Promise<DryRun | { rows: number; imported: number }> {
    const { rows, parsed, errors } = await parseImport(file, CANDIDATE_COLUMNS, CreateCandidateDto, { orgId });
    // Digests are computed before the transaction (it awaits nothing but its own queries).
    const digests = parsed.map(({ value }) => (value.idNumber ? this.personal.digest(value.idNumber) : undefined));
    const firstRowOf = new Map<string, number>();
    parsed.forEach(({ row }, i) => {
      const digest = digests[i];
      if (!digest) return;
      const first = firstRowOf.get(digest);
      if (first === undefined) firstRowOf.set(digest, row);
      else
        errors.push({ row, column: '身份证号', code: 'DUPLICATE_IN_FILE', message: `与第 ${first} 行的身份证号相同` });
    });
    const gateErrors: ImportError[] = [];
    try {
      await this.tx.run(async (em) => {
        const org = await this.orgs.requireOrg(caller, orgId, em);
        if (org.kind !== 'branch') throw new RuleViolation('ORG_NOT_BRANCH', '入党申请须向党支部提出');
        const held = await this.openHolders(em, digests);
        const items: (Execution & { row: number })[] = [];
        parsed.forEach(({ row, value }, i) => {
          const digest = digests[i];
          if (digest && held.has(digest)) {
            gateErrors.push({
              row,
              column: '身份证号',
              code: 'DUPLICATE_APPLICANT',
              message: '该身份证号已有在办的入党申请人',
            });
            return;
          }
          const { idNumber, ...fields } = value;
          const id = newId();
          const data = {
            ...fields,
            orgId: org.id,
            orgPath: org.path,
            ...(digest ? { idDigest: digest, idMasked: this.personal.mask(idNumber!) } : {}),
          };
          items.push({ id, row, command: { type: 'create', id, data } });
        });
        const done = await this.writer.run(em, caller, items, { each: true });
        done.forEach((d, i) => {
          for (const v of d.violations)
            gateErrors.push({
              row: items[i].row,
              column: GATE_COLUMN[v.code] ?? columnNamed(CANDIDATE_COLUMNS, v.message),
              code: v.code,
              message: v.message,
            });
        });
        if (dryRun || errors.length || gateErrors.length) throw new RollBack();
      });
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      return refusal(rows, [...errors, ...gateErrors], dryRun);
    }
    return { rows, imported: rows };
  }

  /** ID digests already held by an open candidate. */
  private async openHolders(
    em: import('typeorm').EntityManager,
    digests: (string | undefined)[],
  ): Promise<Set<string>> {
    const wanted = [...new Set(digests.filter((d): d is string => !!d))];
    const held = new Set<string>();
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await em.find(Candidate, {
        select: { idDigest: true },
        where: { idDigest: In(wanted.slice(i, i + 500)), stage: Not(In([...TERMINAL_STAGES])) },
      });
      for (const r of rows) held.add(r.idDigest!);
    }
    return held;
  }

  /** The list (its filters, the caller's scope) as a workbook, read and written a page at a time. */
  async export(caller: Caller, query: ListCandidatesQuery): Promise<StreamableFile> {
    const base = await this.candidates.filtered(caller, query, EXPORT_PAGE);
    const orgNames = new Map<string, string>();
    const orgs = this.orgs;
    const manager = this.dataSource.manager;
    const reader = this.reader;
    async function* rows() {
      let after: ListKey | undefined;
      for (;;) {
        const page = await reader.many((after ? afterKey(base.clone(), after) : base.clone()).limit(EXPORT_PAGE));
        for (const row of page) {
          if (!orgNames.has(row.orgId)) orgNames.set(row.orgId, (await orgs.byId(manager, row.orgId))?.name ?? '');
          yield { ...toState(row), orgName: orgNames.get(row.orgId)! };
        }
        if (page.length < EXPORT_PAGE) return;
        after = page[page.length - 1];
      }
    }
    return xlsxFile(
      `发展党员名册_${this.rules.today()}.xlsx`,
      [{ name: '发展党员名册', columns: EXPORT_COLUMNS, rows: rows() }],
      this.rules.profile.timeZone,
    );
  }

  /** 发展党员全程纪实表: the candidate's head data and every step, its date, the people and the result. */
  async record(caller: Caller, id: string): Promise<StreamableFile> {
    const em = this.dataSource.manager;
    const state = await this.candidates.requireVisible(em, caller, id);
    const events = await em.find(EventRow, { where: { candidateId: id }, order: { seq: 'ASC' } });
    const org = await this.orgs.requireOrg(caller, state.orgId);
    const { head, rows, memberIds } = recordRows(state, events);
    const names = await this.roster.names(em, memberIds);
    return docxFile(`发展党员全程纪实表_${state.name}.docx`, {
      title: '发展党员全程纪实表',
      subtitle: `${org.name}\u3000${state.name}`,
      blocks: [
        { heading: '一、基本情况' },
        { fields: head(org.name) },
        { heading: '二、发展过程' },
        {
          head: ['序号', '步骤', '日期', '有关人员', '情况和结果', '经办人'],
          widths: [7, 17, 15, 18, 31, 12],
          rows: rows(names).map((r, i) => [i + 1, ...r]),
        },
      ],
      issuer: org.name,
      date: this.rules.today(),
    });
  }
}
