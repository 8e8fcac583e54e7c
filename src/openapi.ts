import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { HANDLINGS, RECORD_SOURCES, RECORD_STATUSES } from './accountability';
import { PUBLIC_KEY, ROLES_KEY } from './auth/decorators';
import { ROLE_ZH, ROLES, Role } from './auth/roles';
import { XLSX_TYPE } from './office/files';
import { ACCOUNT_EVENT_TYPES } from './accounts';
import { COMPLAINT_CHANNELS } from './complaints';
import { DEADLINE_KINDS } from './deadlines';
import { MEMBER_STATUSES, ORG_KINDS } from './organizations';
import { STAGES } from '@admissions/rules';
import { CHOICES, SESSION_PURPOSES, SESSION_STATUSES, VOTE_LEVELS, VOTE_MODES } from './voting';

/**
 * SPEC §12: the OpenAPI document is complete — every operation with a Chinese summary, its
 * parameters, its request body schema and its success and error responses. The @nestjs/swagger
 * CLI plugin (nest-cli.json; in tests a ts-jest transformer) writes the request schemas from the
 * DTOs; `completeDocument` adds what it cannot know, in one place rather than in every controller:
 * the summaries (OPERATIONS), who may call what, the error responses, the success schemas, and
 * the constraints of this project's own validators (dates, integers, choice maps).
 * test/openapi.e2e-spec.ts fails for any operation that lacks them, e.g. a new route missing here.
 */

type Schema = SchemaObject | ReferenceObject;

// ── schema helpers ───────────────────────────────────────────────────────────
const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string): SchemaObject => ({ type: 'string', ...(description ? { description } : {}) });
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const date: SchemaObject = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
const int = (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) });
const bool = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
const oneOf = (values: readonly (string | number | boolean)[], description?: string): SchemaObject => ({
  type: typeof values[0] === 'number' ? 'integer' : typeof values[0] === 'boolean' ? 'boolean' : 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});
const nullable = (s: Schema): SchemaObject => ('$ref' in s ? { allOf: [s], nullable: true } : { ...s, nullable: true });
const arr = (items: Schema, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
const any = (description: string): SchemaObject => ({ description });
/** An object whose properties are all required but those whose name ends in `?`. */
function obj(props: Record<string, Schema>, description?: string): SchemaObject {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(props)) {
    const name = key.endsWith('?') ? key.slice(0, -1) : key;
    properties[name] = schema;
    if (!key.endsWith('?')) required.push(name);
  }
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(description ? { description } : {}),
  };
}
const extend = (base: string, props: Record<string, Schema>, description?: string): SchemaObject => ({
  allOf: [ref(base), obj(props)],
  ...(description ? { description } : {}),
});
const page = (item: string): SchemaObject =>
  obj(
    {
      items: arr(ref(item)),
      total: int('符合条件的总数'),
      page: int('页码，从 1 开始'),
      limit: int('每页条数（最多 500）'),
    },
    `分页列表：${item}`,
  );

/** A page whose `total` may be an estimate, and says so. */
const estimatedPage = (item: string, when: string): SchemaObject => {
  const p = page(item);
  return {
    ...p,
    properties: {
      ...p.properties,
      totalIsEstimate: bool(`true：total 为估计数（${when}）；否则 total 为精确数`),
    },
    required: [...(p.required ?? []), 'totalIsEstimate'],
  };
};

/** A page that also says where the next one starts (keyset pagination, `?cursor=`). */
const cursorPage = (item: string): SchemaObject => {
  const p = estimatedPage(item, '按姓名查找且需检查的人员超过 1000 人时');
  return {
    ...p,
    properties: {
      ...p.properties,
      nextCursor: nullable(str('下一页的游标：作为 cursor 传回即得下一页；最后一页为 null')),
    },
    required: [...(p.required ?? []), 'nextCursor'],
  };
};

// ── shared schemas: errors (SPEC §12) and what the service answers ────────────────
const ERROR_BODY = {
  statusCode: int('HTTP 状态码'),
  error: str('HTTP 错误名称'),
  code: str('稳定的错误代码，如 NOT_FOUND、FORBIDDEN、VOTE_CLOSED'),
  message: str('中文说明'),
  correlationId: str('请求关联 ID，也在响应头 x-correlation-id 中'),
};
const violation = obj({ code: str('规则代码，如 TALK_MISSING'), message: str('中文说明') });

const SCHEMAS: Record<string, SchemaObject> = {
  Error: obj(ERROR_BODY, '错误应答（4xx）：从不含堆栈或 SQL'),
  FieldError: obj({
    field: str('字段路径，如 subject.orgId、visitors[0].role'),
    code: str('约束名，如 isUuid、maxLength、whitelistValidation'),
    message: str(),
  }),
  ValidationError: obj(
    {
      ...ERROR_BODY,
      statusCode: oneOf([400]),
      error: oneOf(['Bad Request']),
      'errors?': arr(ref('FieldError'), '逐字段列出全部错误（code 为 VALIDATION_FAILED 时）'),
    },
    '400：请求格式或字段校验不通过；未写入任何数据',
  ),
  Violation: violation,
  GateViolation: obj(
    {
      statusCode: oneOf([422]),
      error: oneOf(['GateViolation']),
      code: str('第一条违反的规则代码，多条时为 GATE_VIOLATION'),
      message: str(),
      violations: arr(ref('Violation'), '全部违反的规则'),
      correlationId: str(),
    },
    '422：业务规则不满足（逐条列出）；未写入任何数据',
  ),

  Health: obj({
    status: oneOf(['ok', 'degraded']),
    database: obj({ type: str('数据库驱动，如 better-sqlite3、postgres'), status: oneOf(['up', 'down']) }),
    redis: oneOf(['up', 'down', 'not_configured']),
    jobs: str('到期任务队列状态；degraded：Redis 丢失任务、等待下一次对账恢复'),
  }),
  Organization: obj(
    { id: uuid, name: str(), kind: oneOf(ORG_KINDS), parentId: nullable(uuid), createdAt: dateTime },
    '组织',
  ),
  OrganizationDetail: extend('Organization', { children: arr(ref('Organization'), '直接下级组织') }),
  Member: obj(
    {
      id: uuid,
      orgId: uuid,
      name: str(),
      status: oneOf(MEMBER_STATUSES, 'formal 正式党员；probationary 预备党员'),
      votingRights: bool('false：留党察看期间'),
      hasVote: bool('有表决权的正式党员：计入支部大会应到人数'),
      joinedOn: date,
      candidateId: nullable(uuid),
    },
    '支部花名册中的党员',
  ),
  Candidate: obj(
    {
      id: uuid,
      orgId: uuid,
      name: str(),
      gender: oneOf(['male', 'female']),
      birthDate: date,
      applicationDate: date,
      ethnicity: nullable(str()),
      education: nullable(str()),
      occupation: nullable(str()),
      workUnit: nullable(str()),
      frontline: bool('一线'),
      highKnowledge: bool('高知识群体'),
      idNumberMasked: nullable(str('脱敏身份证号，如 3301**********1234；号码本身从不保存')),
      stage: oneOf(STAGES, '所处阶段'),
      deferred: bool('暂缓发展'),
      openComplaints: int('未办结举报数'),
      probationStart: nullable(date),
      probationEnd: nullable(date),
      conversionDecision: nullable(str('转正表决结论，待支部据以延长或取消')),
      record: { type: 'object', additionalProperties: true, description: '各环节记录（日期、结论等）' },
      profile: str('规则配置版本'),
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    '入党申请人及其后各阶段的人员',
  ),
  CandidateDetail: extend('Candidate', {
    timeline: arr(
      obj({
        seq: int(),
        type: str('命令'),
        date,
        actor: obj({ sub: str(), name: str() }),
        input: any('命令的请求体'),
        profile: str(),
        recordedAt: dateTime,
      }),
      '时间线（不可更改）',
    ),
    next: arr(
      obj({ command: str('可执行的命令'), ok: bool('现在是否满足条件'), violations: arr(ref('Violation')) }),
      '下一步可办事项及其条件',
    ),
    deadlines: arr(ref('Deadline'), '未完成的期限'),
  }),
  Deadline: obj({
    kind: oneOf(DEADLINE_KINDS),
    dueOn: date,
    status: oneOf(['pending', 'overdue']),
    refId: nullable(uuid),
  }),
  OverdueItem: obj({
    deadlineId: uuid,
    kind: oneOf(DEADLINE_KINDS),
    dueOn: date,
    status: oneOf(['overdue', 'due_soon']),
    candidateId: nullable(uuid),
    candidateName: nullable(str()),
    orgId: uuid,
    refId: nullable(uuid),
  }),
  NoticePerson: obj({
    candidateId: uuid,
    name: str(),
    gender: oneOf(['male', 'female']),
    birthYearMonth: str('YYYY-MM'),
    education: nullable(str()),
    workUnit: nullable(str()),
  }),
  NoticeChannels: obj({ 'phone?': str(), 'address?': str(), 'online?': bool() }, '受理反映的渠道'),
  Notice: obj(
    {
      id: uuid,
      orgId: uuid,
      issuer: str('发布单位'),
      kind: oneOf(['admission', 'conversion']),
      title: str(),
      startDate: date,
      end: date,
      days: int('公示天数'),
      channels: ref('NoticeChannels'),
      status: oneOf(['open', 'closed']),
      acceptingComplaints: bool('公示期内且未结束：可在线举报'),
      closedOn: nullable(date),
      candidateCount: int(),
      candidates: arr(ref('NoticePerson')),
      url: str('公示网页地址'),
      profile: str(),
      createdAt: dateTime,
    },
    '公示',
  ),
  PublicNotice: obj(
    {
      id: uuid,
      orgId: uuid,
      issuer: str(),
      kind: oneOf(['admission', 'conversion']),
      title: str(),
      startDate: date,
      end: date,
      days: int(),
      channels: ref('NoticeChannels'),
      status: oneOf(['open', 'closed']),
      acceptingComplaints: bool(),
      candidates: arr(ref('NoticePerson')),
      url: str(),
      text: str('公示全文'),
    },
    '公开的公示内容（只含姓名、性别、出生年月、学历、单位）',
  ),
  PublicNoticeSummary: obj(
    {
      id: uuid,
      orgId: uuid,
      issuer: str(),
      kind: oneOf(['admission', 'conversion']),
      title: str(),
      startDate: date,
      end: date,
      days: int(),
      channels: ref('NoticeChannels'),
      status: oneOf(['open', 'closed']),
      acceptingComplaints: bool(),
      url: str(),
      candidateCount: int(),
    },
    '正在公示的公示（列表项）',
  ),
  ComplaintReceipt: obj({ trackingCode: str('查询码：凭此查看办理情况'), due: date }),
  ComplaintStatus: obj({
    status: oneOf(['open', 'verified']),
    receivedOn: date,
    due: date,
    'reply?': str('核实后给举报人的答复'),
  }),
  Complaint: obj(
    {
      id: uuid,
      candidateId: uuid,
      candidateName: nullable(str()),
      noticeId: nullable(uuid),
      source: str(),
      channel: oneOf(COMPLAINT_CHANNELS),
      receivedOn: date,
      content: str(),
      contact: nullable(str()),
      complainant: nullable(str()),
      trackingCode: str(),
      status: oneOf(['open', 'verified']),
      due: date,
      round: int('第几轮核实'),
      late: bool(),
      finding: nullable(str()),
      outcome: nullable(str()),
      verifiedOn: nullable(date),
      verifications: arr(
        obj({
          round: int(),
          verifiedOn: date,
          finding: str(),
          outcome: str(),
          summary: str(),
          reply: nullable(str()),
          due: date,
          late: bool(),
          nextDue: nullable(date),
          verifiedBy: obj({ sub: str(), name: str() }),
          recordedAt: dateTime,
        }),
      ),
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    '举报（反映）及其核实',
  ),
  Visit: obj({
    id: uuid,
    candidateId: uuid,
    date,
    visitors: arr(obj({ memberId: uuid, name: str(), role: str() })),
    methods: arr(str()),
    checks: {
      type: 'object',
      additionalProperties: obj({ rating: str(), 'notes?': str() }),
      description: '四查四看：thought、performance、massOpinion、exemplary',
    },
    action: str(),
    qualifying: bool('计入转正条件的回访'),
    decisionSeq: nullable(int()),
    recordedBy: str(),
  }),
  SpotCheck: obj({
    orgId: uuid,
    seed: str('同一 seed 抽出同一样本'),
    asOf: date,
    windowEnd: date,
    population: int('可抽查的预备党员数'),
    sampled: arr(obj({ candidateId: uuid, name: str(), orgId: uuid, probationEnd: nullable(date), visited: bool() })),
    missing: arr(uuid, '未回访者（已登记 A12 责任追究）'),
  }),
  PlanSummary: obj(
    {
      id: uuid,
      orgId: uuid,
      year: int(),
      quota: nullable(int('计划发展名额；null：不设')),
      createdAt: dateTime,
      counts: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        description: '按状态（submitted、included、excluded）计数',
      },
    },
    '年度发展计划（列表项）',
  ),
  FunnelReport: obj({
    orgId: nullable(uuid),
    year: int(),
    current: obj(Object.fromEntries(STAGES.map((stage) => [stage, int()])), '现处各阶段的人数'),
    flow: obj(
      Object.fromEntries(
        [
          'applications',
          'activists',
          'developmentObjects',
          'probationary',
          'fullMembers',
          'rejected',
          'withdrawn',
          'cancelled',
          'transferred',
        ].map((step) => [step, int()]),
      ),
      '该步骤日期（按现有记录）落在本年度的人数',
    ),
  }),
  StructureReport: obj({
    orgId: nullable(uuid),
    year: int(),
    total: int('预备期始于本年度的人数'),
    ...Object.fromEntries(
      (
        [
          ['under35', '35 岁以下'],
          ['women', '女性'],
          ['minorities', '少数民族'],
          ['frontline', '一线'],
          ['highKnowledge', '高知识群体'],
        ] as const
      ).map(([key, zh]) => [
        key,
        obj(
          { count: int(), share: { type: 'number', description: 'count ÷ total，保留 4 位小数；total 为 0 时为 0' } },
          zh,
        ),
      ]),
    ),
  }),
  PlanEntry: obj({
    candidateId: uuid,
    name: str(),
    orgId: uuid,
    stage: str(),
    submittedAt: dateTime,
    voteId: nullable(uuid),
    decidedOn: nullable(date),
  }),
  Plan: obj(
    {
      id: uuid,
      orgId: uuid,
      year: int(),
      quota: nullable(int('计划发展名额；null：不设')),
      createdAt: dateTime,
      counts: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        description: '按状态（submitted、included、excluded）计数',
      },
      submitted: arr(ref('PlanEntry')),
      included: arr(ref('PlanEntry')),
      excluded: arr(ref('PlanEntry')),
    },
    '年度发展计划',
  ),
  VoteSession: obj(
    {
      id: uuid,
      level: oneOf(VOTE_LEVELS),
      purpose: oneOf(SESSION_PURPOSES),
      orgId: uuid,
      planId: nullable(uuid),
      meetingDate: date,
      mode: oneOf(VOTE_MODES),
      status: oneOf(SESSION_STATUSES),
      expected: int('应到人数'),
      bodySize: nullable(int()),
      present: nullable(int('实到人数')),
      excused: arr(obj({ memberId: uuid, reason: str() })),
      candidateIds: arr(uuid),
      papersIssued: int(),
      ballotsCast: int(),
      writtenOpinions: int(),
      profile: str(),
      createdAt: dateTime,
      closedAt: nullable(dateTime),
      'voidReason?': nullable(str()),
    },
    '表决',
  ),
  VoteResult: obj(
    {
      id: uuid,
      level: oneOf(VOTE_LEVELS),
      purpose: oneOf(SESSION_PURPOSES),
      status: oneOf(SESSION_STATUSES),
      quorumMet: nullable(bool('到会人数是否达到要求')),
      expected: int(),
      present: nullable(int()),
      results: arr(
        obj({
          candidateId: uuid,
          name: str(),
          approve: int(),
          reject: int(),
          abstain: int(),
          invalid: int(),
          'written?': obj({ approve: int(), reject: int(), abstain: int() }),
          base: int('计算通过票数的基数'),
          required: int('通过所需票数'),
          passed: bool(),
          reason: str(),
          applied: bool('false：已计票但未生效（见 violations）'),
          'violations?': arr(ref('Violation')),
        }),
      ),
      'receipts?': arr(str(), '电子表决：全部有效选票的回执（排序后）'),
      'ledgerHead?': str('表决结束时责任追究台账的链头哈希'),
      'ledgerLength?': int(),
      closedAt: nullable(dateTime),
    },
    '表决结果（进行中的表决 results 为空）',
  ),
  VoteSessionSummary: obj(
    {
      id: uuid,
      level: oneOf(VOTE_LEVELS),
      purpose: oneOf(SESSION_PURPOSES),
      orgId: uuid,
      planId: nullable(uuid),
      meetingDate: date,
      mode: oneOf(VOTE_MODES),
      status: oneOf(SESSION_STATUSES),
      expected: int('应到人数'),
      bodySize: nullable(int()),
      present: nullable(int('实到人数')),
      papersIssued: int(),
      candidateCount: int(),
      profile: str(),
      createdAt: dateTime,
      closedAt: nullable(dateTime),
      'voidReason?': nullable(str()),
    },
    '表决（列表项）',
  ),
  BallotPaper: obj(
    {
      sessionId: uuid,
      title: str(),
      level: oneOf(VOTE_LEVELS),
      purpose: oneOf(SESSION_PURPOSES),
      meetingDate: date,
      orgName: str(),
      candidates: arr(obj({ id: uuid, name: str() }), '候选人（顺序固定，只有姓名）'),
    },
    '选票内容：只够投票，不涉及任何其他人',
  ),
  BallotPapers: obj({
    sessionId: uuid,
    codes: arr(str(), '一次性选票码（已打乱顺序）'),
    'tallyKey?': str('监票人开箱密钥：仅首次发放电子选票时返回一次，服务不保存'),
  }),
  BallotReceipt: obj({ receipt: str('回执：可在表决结果的 receipts 中核对') }),
  WrittenOpinion: obj({
    sessionId: uuid,
    memberId: uuid,
    choices: { type: 'object', additionalProperties: oneOf(CHOICES) },
  }),
  AccountabilityRecord: obj(
    {
      id: uuid,
      number: int('编号'),
      situation: str('情形代码'),
      situationTitle: str(),
      category: str(),
      source: oneOf(RECORD_SOURCES),
      status: oneOf(RECORD_STATUSES),
      statusTitle: str(),
      subject: obj({ orgId: uuid, memberId: nullable(uuid), name: nullable(str()) }),
      candidateId: nullable(uuid),
      occurredOn: date,
      facts: str(),
      decision: nullable(
        obj({
          handling: oneOf(HANDLINGS),
          handlingTitle: str(),
          authority: str(),
          decidedOn: date,
          rulesVersion: nullable(str()),
        }),
      ),
      dismissReason: nullable(str()),
      rulesVersion: str(),
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    '责任追究记录',
  ),
  AccountabilityRecordDetail: extend('AccountabilityRecord', {
    history: arr(
      obj({
        seq: int(),
        event: str(),
        from: nullable(oneOf(RECORD_STATUSES)),
        to: oneOf(RECORD_STATUSES),
        at: dateTime,
        actor: obj({ name: str(), role: str() }),
        rulesVersion: str(),
        hash: str('台账条目哈希'),
      }),
    ),
  }),
  AccountabilityCatalog: obj({
    version: str(),
    total: int('情形总数'),
    categories: arr(
      obj({
        code: str(),
        title: str(),
        situations: arr(obj({ code: str(), title: str(), detectable: bool('由系统自动发现') })),
      }),
    ),
  }),
  User: obj(
    {
      id: uuid,
      username: str('登录用户名（小写）'),
      name: str('姓名'),
      role: oneOf(ROLES),
      orgId: nullable(uuid),
      disabled: bool('已停用'),
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    '账号（从不含密码或其摘要）',
  ),
  Login: obj({
    accessToken: str('访问令牌（JWT），放在 Authorization: Bearer 后'),
    expiresAt: dateTime,
    user: obj({ id: uuid, username: str(), name: str(), role: oneOf(ROLES), orgId: nullable(uuid) }),
  }),
  AccountEvent: obj({
    type: oneOf(ACCOUNT_EVENT_TYPES),
    actor: str('操作人'),
    changes: { type: 'object', additionalProperties: true, description: '{字段: [原值, 新值]}' },
    at: dateTime,
  }),
  LedgerVerification: obj({
    ok: bool('哈希链完整且与记录一致'),
    length: int(),
    head: str(),
    'firstBroken?': int('第一条校验失败的条目序号'),
    mismatches: arr(obj({ kind: str(), id: str() })),
  }),
};

// ── the operations ───────────────────────────────────────────────────────────
interface OperationDoc {
  /** 中文摘要 */
  summary: string;
  description?: string;
  /** The success body: a schema of SCHEMAS, `Page<Name>` for a paginated list, or a schema. */
  ok?: string | SchemaObject;
  /** 409 codes this operation can answer (creates with Idempotency-Key add theirs). */
  conflicts?: string[];
  /** 404 for what the path and body ids do not show (e.g. an unknown ballot code). */
  notFound?: string;
  /** false: a write that no business rule refuses (no 422). */
  gates?: false;
  /** Further responses, e.g. the health check's 503. */
  extra?: Record<string, ResponseObject>;
  /** `?format=xlsx` answers the same figures as an Excel workbook (SPEC §15). */
  xlsx?: true;
}

const IMPORT_NOTE =
  'multipart/form-data，字段 file：.xlsx 或 .csv（UTF-8 或 GB18030），至多 10000 行，第一行为模板列名。' +
  '每行与单条新建同样校验、同样过关口。dryRun=true：逐行逐列列出问题，不写入任何数据（200）；' +
  '否则全部成功才导入（201），任何一行有误则一行也不导入（422 IMPORT_REJECTED，errors 逐行列出）。';

const DETAIL: OperationDoc['ok'] = 'CandidateDetail';
const CANDIDATE_COMMAND = (summary: string, description?: string): OperationDoc => ({
  summary,
  ok: DETAIL,
  ...(description ? { description } : {}),
});
const VOTE_CLOSED = 'VOTE_CLOSED';

/** One row per operation, keyed "METHOD /path" as in the document. A route missing here fails test/openapi.e2e-spec.ts. */
export const OPERATIONS: Record<string, OperationDoc> = {
  'GET /api/health': {
    summary: '健康检查（数据库、Redis、到期任务）',
    ok: 'Health',
    extra: {
      '503': {
        description: '数据库或已配置的 Redis 不可用',
        content: { 'application/json': { schema: ref('Health') } },
      },
    },
  },

  'POST /api/organizations': {
    summary: '新建组织（组织部、党委、党总支、党支部）',
    ok: 'Organization',
    description: '上下级关系不合规（如支部下设支部）→ 422 ORG_PARENT_INVALID。',
  },
  'GET /api/organizations': {
    summary: '列出组织（可按上级组织筛选）',
    ok: 'Page<Organization>',
    description: '新用户可由此查到本组织及下级组织的 id。',
  },
  'GET /api/organizations/{id}': { summary: '查看组织及其直接下级组织', ok: 'OrganizationDetail' },
  'POST /api/organizations/{id}/members': { summary: '登记支部党员（花名册）', ok: 'Member' },
  'GET /api/organizations/{id}/members': { summary: '列出支部党员花名册', ok: 'Page<Member>' },
  'PATCH /api/members/{id}': { summary: '修改党员信息（姓名、类别、表决权）', ok: 'Member' },

  'POST /api/candidates': {
    summary: '登记入党申请（新建入党申请人）',
    ok: DETAIL,
    conflicts: ['DUPLICATE_APPLICANT'],
    description:
      '年龄不足、被劝退或除名未满五年 → 422；身份证号码已有一份正在办理的发展材料 → 409 DUPLICATE_APPLICANT（持有组织在调用者管辖范围内时写明）。',
  },
  'GET /api/candidates': {
    summary: '列出入党申请人及各阶段人员（按组织、阶段、暂缓、姓名、身份证号码筛选）',
    description:
      '按建档时间从新到旧。两种翻页：page（偏移，适合跳页）或 cursor（传回上一页的 nextCursor：' +
      '按键值续读，期间新增的人员不会使已读的行重复或遗漏，页数再多也不变慢；给出 cursor 时忽略 page）。' +
      'total：按组织、阶段、暂缓筛选时为精确数（由维护的分阶段计数求和，不随人数增长变慢）；' +
      '按身份证号查找时为精确数；按姓名查找恰为两字且不按阶段、暂缓筛选时，由二元组索引精确计数；其余姓名查找，' +
      '需检查的人员（范围内姓名含所查片段全部相邻两字者；单字、或范围远小于此时为范围内全部人员）不超过 1000 人为精确数，' +
      '超过则按其中最新 1000 人的匹配比例估计，totalIsEstimate 为 true。姓名查找两字及以上走二元组索引。',
    ok: cursorPage('Candidate'),
  },
  'GET /api/candidates/{id}': { summary: '查看人员详情：时间线、下一步可办事项、期限', ok: DETAIL },
  'PATCH /api/candidates/{id}': {
    summary: '更正个人信息（须写明理由，留痕）',
    ok: DETAIL,
    conflicts: ['DUPLICATE_APPLICANT'],
    description:
      '在途人员的更正使已通过的环节不再符合条件（如出生日期使申请时不满 18 周岁）→ 422 并列出各项；已终结的人员照录不复核。已发布的公示保留原样。',
  },
  'POST /api/candidates/{id}/events/{seq}/corrections': {
    summary: '更正已记录环节的日期或内容（全程按规则重新核验）',
    ok: DETAIL,
    description:
      '按更正后的记录重走各环节的规则，任一环节不符 → 422 且不作更改；原记录保留并标注已更正。表决、公示、举报核实结论不能以此更正。',
  },
  'POST /api/candidates/{id}/transfer': {
    summary: '组织关系转接：转入本管辖范围内的另一党支部',
    ok: DETAIL,
    description:
      '培养考察期、预备期连续计算；培养联系人、入党介绍人须由新支部重新确定；期限与预备党员名册记录随之转移。',
  },
  'POST /api/candidates/batch': {
    summary: '批量办理同一事项（1 至 500 人，全部成功或全部不办）',
    ok: obj({ items: arr(ref('Candidate')) }),
    description: '任一人员不符合条件 → 422，逐人列出 { candidateId, name, code, message }，均不办理。',
  },
  'POST /api/candidates/{id}/talk': CANDIDATE_COMMAND(
    '记录与入党申请人的谈话（一个月内）',
    '逾期谈话照常记录，同时登记 A01 责任追究。',
  ),
  'POST /api/candidates/{id}/activist': CANDIDATE_COMMAND('确定为入党积极分子'),
  'POST /api/candidates/{id}/cultivators': CANDIDATE_COMMAND('指定培养联系人'),
  'POST /api/candidates/{id}/assessments': CANDIDATE_COMMAND('记录半年一次的考察'),
  'POST /api/candidates/{id}/development-object': CANDIDATE_COMMAND('确定为发展对象'),
  'POST /api/candidates/{id}/introducers': CANDIDATE_COMMAND('确定入党介绍人'),
  'POST /api/candidates/{id}/political-review': CANDIDATE_COMMAND('记录政治审查结论'),
  'POST /api/candidates/{id}/training': CANDIDATE_COMMAND('记录集中培训'),
  'POST /api/candidates/{id}/pre-review': CANDIDATE_COMMAND('记录党委预审结论'),
  'POST /api/candidates/{id}/reject': CANDIDATE_COMMAND('不予发展（终止）'),
  'POST /api/candidates/{id}/withdraw': CANDIDATE_COMMAND('本人撤回入党申请'),
  'POST /api/candidates/{id}/defer': CANDIDATE_COMMAND('暂缓发展'),
  'POST /api/candidates/{id}/resume': CANDIDATE_COMMAND('恢复发展（解除暂缓）'),

  'POST /api/candidates/{id}/approval-talk': CANDIDATE_COMMAND('记录党委派人谈话（审批前谈话）'),
  'POST /api/candidates/{id}/oath': CANDIDATE_COMMAND('记录入党宣誓'),
  'POST /api/candidates/{id}/visits': { summary: '记录预备党员回访（四查四看）', ok: 'Visit' },
  'GET /api/visits': { summary: '列出回访记录（按组织、日期筛选）', ok: 'Page<Visit>' },
  'POST /api/candidates/{id}/conversion-application': CANDIDATE_COMMAND('记录转正申请'),
  'POST /api/candidates/{id}/extension': CANDIDATE_COMMAND('延长预备期（6 至 12 个月）'),
  'POST /api/candidates/{id}/cancel': CANDIDATE_COMMAND('取消预备党员资格'),
  'POST /api/spot-checks': {
    summary: '抽查预备党员回访情况',
    ok: 'SpotCheck',
    description: '未回访者登记 A12 责任追究。',
  },

  'POST /api/publicity': { summary: '发布公示（接收、转正）', ok: 'Notice' },
  'GET /api/publicity': { summary: '列出公示（按组织、状态、类别筛选）', ok: 'Page<Notice>' },
  'GET /api/publicity/{id}': { summary: '查看公示', ok: 'Notice' },
  'POST /api/publicity/{id}/close': { summary: '结束公示', ok: 'Notice' },

  'POST /api/complaints': { summary: '登记来信、来访、电话举报（工作人员录入）', ok: 'Complaint' },
  'GET /api/complaints': { summary: '列出举报（按人员、组织、状态筛选）', ok: 'Page<Complaint>' },
  'GET /api/complaints/{id}': { summary: '查看举报及其核实情况', ok: 'Complaint' },
  'POST /api/complaints/{id}/verification': {
    summary: '录入举报核实结果',
    ok: 'Complaint',
    conflicts: ['COMPLAINT_ALREADY_VERIFIED'],
  },

  'GET /api/public/notices': { summary: '列出正在公示的公示（公开，无需登录）', ok: 'Page<PublicNoticeSummary>' },
  'GET /api/public/notices/{id}': { summary: '查看公示内容（公开，无需登录）', ok: 'PublicNotice' },
  'POST /api/public/complaints': {
    summary: '在线提交举报（公开，无需登录）',
    ok: 'ComplaintReceipt',
    description: '只在公示期内受理；答复中的查询码用于查看办理情况。',
  },
  'GET /api/public/complaints/{trackingCode}': {
    summary: '凭查询码查看举报办理情况（公开，无需登录）',
    ok: 'ComplaintStatus',
  },

  'POST /api/plans': { summary: '制定年度发展计划', ok: 'Plan', conflicts: ['PLAN_EXISTS'] },
  'POST /api/plans/{id}/entries': { summary: '报送列入发展计划的人员', ok: 'Plan' },
  'GET /api/plans': { summary: '列出发展计划（按组织、年度筛选）', ok: 'Page<PlanSummary>' },
  'GET /api/plans/{id}': { summary: '查看发展计划（报送、列入、未列入）', ok: 'Plan' },

  'POST /api/votes': {
    summary: '发起表决（群众测评、支部大会、党委审批、计划表决）',
    ok: 'VoteSession',
    conflicts: ['VOTE_ALREADY_OPEN'],
  },
  'GET /api/votes': { summary: '列出表决（按组织、状态、层级、用途筛选）', ok: 'Page<VoteSessionSummary>' },
  'GET /api/votes/{id}': { summary: '查看表决', ok: 'VoteSession' },
  'POST /api/votes/{id}/void': {
    summary: '作废表决（误开或开箱密钥遗失）',
    ok: 'VoteSession',
    conflicts: ['VOTE_NOT_OPEN'],
    description: '只限进行中的表决：选票码随即失效，不计票、不生效，候选人可重新表决。',
  },
  'POST /api/votes/{id}/attendance': { summary: '登记到会情况', ok: 'VoteSession', conflicts: [VOTE_CLOSED] },
  'POST /api/votes/{id}/written-opinions': {
    summary: '登记缺席党员的书面意见（支部大会）',
    ok: 'WrittenOpinion',
    conflicts: [VOTE_CLOSED, 'WRITTEN_OPINION_EXISTS'],
  },
  'POST /api/votes/{id}/counts': { summary: '录入纸质选票的计票结果', ok: 'VoteSession', conflicts: [VOTE_CLOSED] },
  'POST /api/votes/{id}/ballot-papers': {
    summary: '发放电子选票码（首次另附监票人开箱密钥）',
    ok: 'BallotPapers',
    conflicts: [VOTE_CLOSED, 'PAPER_ALREADY_ISSUED'],
    description:
      '应答含秘密、服务不保存：不接受 Idempotency-Key（带此请求头 → 400）；重试前先查看表决的 papersIssued。',
  },
  'POST /api/votes/{id}/close': {
    summary: '结束表决：计票并生效',
    ok: 'VoteResult',
    conflicts: [VOTE_CLOSED],
    description: '电子表决须提供监票人开箱密钥 tallyKey（缺少 → 400；打不开 → 422 TALLY_KEY_INVALID）。',
  },
  'GET /api/votes/{id}/result': { summary: '查看表决结果', ok: 'VoteResult' },
  'GET /api/ballots/paper': {
    summary: '凭选票码查看选票内容（不消耗选票码，无需登录）',
    ok: 'BallotPaper',
    conflicts: ['BALLOT_CODE_USED', VOTE_CLOSED],
    notFound: '选票码不存在',
  },
  'POST /api/ballots': {
    summary: '投票（凭一次性选票码，无需登录）',
    ok: 'BallotReceipt',
    conflicts: ['BALLOT_CODE_USED', VOTE_CLOSED],
    notFound: '选票码不存在',
    description:
      '选票码即凭证；请求体从不记入日志；Idempotency-Key 被忽略（已用的选票码答 409）。不限频（同一会场共用一个地址）。',
  },

  'GET /api/accountability/catalog': { summary: '查看责任追究情形目录', ok: 'AccountabilityCatalog' },
  'POST /api/accountability/records': {
    summary: '登记责任追究记录',
    ok: 'AccountabilityRecord',
    description: '未知情形代码 → 422 UNKNOWN_SITUATION。',
  },
  'GET /api/accountability/records': {
    summary: '列出责任追究记录（按组织、情形、状态、来源筛选）',
    ok: 'Page<AccountabilityRecord>',
  },
  'GET /api/accountability/records/{id}': { summary: '查看责任追究记录及其办理经过', ok: 'AccountabilityRecordDetail' },
  'POST /api/accountability/records/{id}/investigate': {
    summary: '开始调查责任追究记录',
    ok: 'AccountabilityRecord',
    conflicts: ['INVALID_STATUS_TRANSITION'],
    gates: false,
  },
  'POST /api/accountability/records/{id}/decide': {
    summary: '作出责任追究处理决定',
    ok: 'AccountabilityRecord',
    conflicts: ['INVALID_STATUS_TRANSITION'],
  },
  'POST /api/accountability/records/{id}/close': {
    summary: '办结责任追究记录',
    ok: 'AccountabilityRecord',
    conflicts: ['INVALID_STATUS_TRANSITION'],
    gates: false,
  },
  'POST /api/accountability/records/{id}/dismiss': {
    summary: '不予追究（撤销记录）',
    ok: 'AccountabilityRecord',
    conflicts: ['INVALID_STATUS_TRANSITION'],
  },
  'GET /api/accountability/ledger/verify': { summary: '校验责任追究台账（哈希链）', ok: 'LedgerVerification' },

  'POST /api/auth/login': {
    summary: '登录（用户名和密码换取访问令牌）',
    ok: 'Login',
    gates: false,
    description:
      '用户名不存在、密码错误或账号已停用，一律 401 LOGIN_FAILED；同一用户名 15 分钟内失败 5 次后锁定 15 分钟，无论用户名是否存在，一律 429 LOGIN_LOCKED。',
    extra: {
      '401': { description: 'LOGIN_FAILED', content: { 'application/json': { schema: ref('Error') } } },
      '429': { description: 'LOGIN_LOCKED / RATE_LIMITED', content: { 'application/json': { schema: ref('Error') } } },
    },
  },
  'POST /api/auth/logout': { summary: '退出登录（本账号的全部登录立即失效）', gates: false },
  'POST /api/auth/password': {
    summary: '修改本人密码（全部登录立即失效，须重新登录）',
    description: '当前密码不正确 → 422 CURRENT_PASSWORD_WRONG；连续失败计入登录锁定（429 LOGIN_LOCKED）。',
    extra: { '429': { description: 'LOGIN_LOCKED', content: { 'application/json': { schema: ref('Error') } } } },
  },
  'GET /api/auth/me': { summary: '当前登录的账号', ok: 'User' },
  'POST /api/users': {
    summary: '新建账号（用户名、姓名、角色、所属组织、初始密码）',
    ok: 'User',
    conflicts: ['USERNAME_TAKEN'],
    description: '系统管理员可建任何账号；组织部只能在本组织及下级范围内建党委、党支部和回访员账号（否则 403）。',
  },
  'GET /api/users': { summary: '列出账号（本组织及下级，可按角色、组织筛选）', ok: 'Page<User>' },
  'GET /api/users/{id}': { summary: '查看账号', ok: 'User' },
  'GET /api/users/{id}/events': { summary: '账号的变更与登录记录（审计留痕）', ok: arr(ref('AccountEvent')) },
  'PATCH /api/users/{id}': {
    summary: '修改账号（姓名、角色、所属组织、停用）；角色、组织变更或停用后其登录立即失效',
    ok: 'User',
    conflicts: ['LAST_ADMIN'],
    description: '非系统管理员账号须属于一个组织 → 否则 422 ORG_REQUIRED。',
  },
  'POST /api/users/{id}/password': { summary: '重置账号密码（其全部登录立即失效）', gates: false },

  'GET /api/reports/overdue': {
    summary: '逾期及临近到期事项报表',
    description:
      '按到期日从早到晚。total：范围内逾期事项、14 天内到期事项两类各不超过 1000 项时为精确数；' +
      '某类超过 1000 项时，该类按组织路径顺序的前 1001 项所在支部的人员数占范围内人员数的比例估计，totalIsEstimate 为 true。',
    ok: estimatedPage('OverdueItem', '范围内逾期事项或 14 天内到期事项任一类超过 1000 项时'),
  },
  'GET /api/reports/funnel': {
    summary: '发展党员流程统计（各阶段现有人数与年度流量）',
    ok: 'FunnelReport',
    xlsx: true,
  },
  'GET /api/reports/structure': {
    summary: '新发展党员结构统计（青年、女性、少数民族、一线、高知）',
    ok: 'StructureReport',
    xlsx: true,
  },

  // SPEC §15: spreadsheets in and out, documents. Imports answer their dry run (200) or count (201), the files binary.
  'GET /api/templates/candidates.xlsx': { summary: '下载入党申请人导入模板（Excel）' },
  'GET /api/templates/members.xlsx': { summary: '下载党员名册导入模板（Excel）' },
  'POST /api/candidates/import': {
    summary: '批量导入入党申请人（Excel/CSV，可先试导入 dryRun=true）',
    description: IMPORT_NOTE,
  },
  'POST /api/organizations/{id}/members/import': {
    summary: '批量导入支部党员名册（Excel/CSV，可先试导入 dryRun=true）',
    description: IMPORT_NOTE,
  },
  'GET /api/candidates/export.xlsx': { summary: '导出发展党员名册（Excel，按列表筛选条件）' },
  'GET /api/candidates/{id}/record.docx': { summary: '下载发展党员全程纪实表（Word）' },
  'GET /api/votes/{id}/result.xlsx': { summary: '导出表决结果（Excel）' },
  'GET /api/votes/{id}/record.docx': { summary: '下载票决情况报告（Word，含台账链首）' },
  'GET /api/accountability/records/export.xlsx': { summary: '导出责任追究记录（Excel，按列表筛选条件）' },
  'GET /api/plans/{id}/export.xlsx': { summary: '导出年度发展党员计划（Excel）' },
  'GET /api/publicity/{id}/notice.docx': { summary: '下载公示（Word，公文格式）' },
  'GET /api/visits/{id}/record.docx': { summary: '下载预备党员回访记录（Word）' },
};

// ── the post-processing ──────────────────────────────────────────────────────
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const RESPONSES: Record<string, ResponseObject> = {
  BadRequest: {
    description: '请求格式或字段校验不通过（逐字段列出），或不接受的请求头；未写入任何数据',
    content: { 'application/json': { schema: ref('ValidationError') } },
  },
  Unauthorized: { description: '未登录、令牌无效或已过期', content: { 'application/json': { schema: ref('Error') } } },
  Forbidden: { description: '当前角色无权执行此操作', content: { 'application/json': { schema: ref('Error') } } },
  NotFound: {
    description: '资源不存在或不在调用者的管辖范围内（路径或请求体中的 id）',
    content: { 'application/json': { schema: ref('Error') } },
  },
  GateViolation: {
    description: '业务规则不满足：error 为 GateViolation，violations 逐条列出；未写入任何数据',
    content: { 'application/json': { schema: ref('GateViolation') } },
  },
  TooManyRequests: {
    description: '请求过于频繁（公开接口每个客户端每分钟 PUBLIC_RATE_LIMIT 次）',
    content: { 'application/json': { schema: ref('Error') } },
  },
};
const responseRef = (name: keyof typeof RESPONSES): ReferenceObject => ({ $ref: `#/components/responses/${name}` });

interface Access {
  public: boolean;
  roles: Role[];
}

/** Who may call each handler, by operationId (`Controller_method`, @nestjs/swagger's default), from @Public/@Allow. */
function handlerAccess(app: INestApplication): Map<string, Access> {
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as Type | null;
      if (!cls?.prototype) continue;
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, cls);
        const roles: Role[] | undefined =
          Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, cls);
        access.set(`${cls.name}_${key}`, { public: isPublic === true, roles: roles ?? [] });
      }
    }
  }
  return access;
}

const isRef = (s: unknown): s is ReferenceObject => typeof s === 'object' && s !== null && '$ref' in s;

/** A DTO class as class-validator's storage keys it. */
type DtoClass = abstract new (...args: never[]) => unknown;

/** The DTO classes by name, with their class-validator constraints (own and inherited) by property. */
function validatorIndex(): Map<string, Map<string, ValidationMetadata[]>> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<DtoClass | string, ValidationMetadata[]>;
    getTargetValidationMetadatas(
      target: DtoClass,
      schema: string,
      always: boolean,
      strictGroups: boolean,
    ): ValidationMetadata[];
  };
  const index = new Map<string, Map<string, ValidationMetadata[]>>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target !== 'function' || index.has(target.name)) continue;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of storage.getTargetValidationMetadatas(target, '', true, false)) {
      byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    }
    index.set(target.name, byProperty);
  }
  return index;
}

/** What the plugin's class-validator shim does not carry over: this project's validators, integers, and fields it skipped. */
function applyConstraints(schema: SchemaObject, constraints: ValidationMetadata[]): void {
  for (const m of constraints) {
    const name = m.name ?? m.type;
    const target: SchemaObject =
      m.each && schema.type === 'array' && schema.items && !isRef(schema.items) ? schema.items : schema;
    const [c0] = m.constraints ?? [];
    switch (name) {
      case 'isIsoDate':
        target.format = 'date';
        target.description ??= 'YYYY-MM-DD';
        break;
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isUuid':
        target.format = 'uuid';
        break;
      case 'isIn':
        target.enum ??= [...(c0 as unknown[])];
        break;
      case 'equals':
        target.enum ??= [c0];
        break;
      case 'isNotEmpty':
        if (target.type === 'string') target.minLength ??= 1;
        break;
      case 'minLength':
        target.minLength ??= c0 as number;
        break;
      case 'maxLength':
        target.maxLength ??= c0 as number;
        break;
      case 'min':
        target.minimum ??= c0 as number;
        break;
      case 'max':
        target.maximum ??= c0 as number;
        break;
      case 'arrayMinSize':
        schema.minItems ??= c0 as number;
        break;
      case 'arrayMaxSize':
        schema.maxItems ??= c0 as number;
        break;
      case 'arrayUnique':
        schema.uniqueItems = true;
        break;
      case 'isChoiceMap':
        schema.type = 'object';
        schema.additionalProperties = oneOf(CHOICES);
        schema.description ??= '{候选人ID: approve|reject|abstain}；未列出的候选人按弃权计';
        break;
    }
  }
}

function completeRequestSchemas(document: OpenAPIObject, index: Map<string, Map<string, ValidationMetadata[]>>): void {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const byProperty = index.get(name);
    if (!byProperty || isRef(schema)) continue;
    // SPEC §12: unknown fields are refused (400).
    schema.additionalProperties = false;
    for (const [property, prop] of Object.entries(schema.properties ?? {})) {
      if (isRef(prop)) continue;
      applyConstraints(prop, byProperty.get(property) ?? []);
    }
  }
}

function completeParameters(op: OperationObject, queryIndex: Map<string, ValidationMetadata[]>): void {
  for (const p of (op.parameters ?? []) as (ParameterObject | ReferenceObject)[]) {
    if (isRef(p)) continue;
    const schema = (p.schema ?? (p.schema = { type: 'string' })) as SchemaObject;
    if (p.in === 'path' && p.name === 'id') {
      schema.format = 'uuid';
      p.description ??= 'UUID；不是 UUID 的 id 与不存在的一样答 404';
    }
    if (p.in === 'query') {
      applyConstraints(
        schema,
        (queryIndex.get(p.name) ?? []).filter((m) => ['isIsoDate', 'isInt', 'isUuid'].includes(m.name ?? m.type)),
      );
      if (p.name === 'page') p.description ??= '页码，从 1 开始（默认 1）';
      if (p.name === 'limit') p.description ??= '每页条数（默认 20，最多 500，超出按 500）';
    }
  }
}

function successSchema(ok: OperationDoc['ok']): Schema | undefined {
  if (ok === undefined) return undefined;
  if (typeof ok !== 'string') return ok;
  const paged = /^Page<(\w+)>$/.exec(ok);
  return paged ? page(paged[1]) : ref(ok);
}

/** Does a request body (or a query) name ids whose scope the service checks (SPEC §12: outside the scope → 404)? */
function namesIds(schema: Schema | undefined, document: OpenAPIObject, seen = new Set<string>()): boolean {
  if (!schema) return false;
  if (isRef(schema)) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return false;
    seen.add(name);
    return namesIds(document.components?.schemas?.[name], document, seen);
  }
  if (schema.format === 'uuid') return true;
  if (schema.items && namesIds(schema.items, document, seen)) return true;
  return Object.values(schema.properties ?? {}).some((p) => namesIds(p, document, seen));
}

function conflictResponse(codes: string[]): ResponseObject {
  return {
    description: `冲突（状态已变化或不可重复）：${codes.join('、')}`,
    content: {
      'application/json': { schema: { type: 'object', allOf: [ref('Error')], properties: { code: oneOf(codes) } } },
    },
  };
}

/**
 * Completes the document @nestjs/swagger built (SPEC §12). Operations missing from OPERATIONS
 * are left without a summary, for the test to name them.
 */
export function completeDocument(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = { ...(components.schemas ?? {}), ...SCHEMAS };
  components.responses = { ...(components.responses ?? {}), ...RESPONSES };
  const index = validatorIndex();
  completeRequestSchemas(document, index);
  const queryIndex = new Map<string, ValidationMetadata[]>();
  for (const [cls, byProperty] of index) {
    if (!/Query$/.test(cls)) continue;
    for (const [property, ms] of byProperty) queryIndex.set(property, [...(queryIndex.get(property) ?? []), ...ms]);
  }
  const access = handlerAccess(app);

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const doc = OPERATIONS[`${method.toUpperCase()} ${path}`];
      const who = op.operationId ? access.get(op.operationId) : undefined;
      const isPublic = who?.public ?? !op.security;

      // Summary and description: the plugin's comment (English, from the handler's JSDoc) moves to the description.
      const notes = [
        doc?.description,
        op.summary && op.summary !== doc?.summary ? op.summary : undefined,
        op.description,
      ];
      if (doc) op.summary = doc.summary;
      if (isPublic) {
        delete op.security;
        notes.push('公开接口，无需登录。');
      } else {
        op.security = [{ bearer: [] }];
        if (who?.roles.length) {
          (op as OperationObject & { 'x-roles'?: Role[] })['x-roles'] = who.roles;
          notes.push(
            `可调用角色：${who.roles.map((r) => `${r}（${ROLE_ZH[r]}）`).join('、')}，各在本组织及下级范围内。`,
          );
        }
      }
      const description = notes.filter(Boolean).join('\n\n');
      if (description) op.description = description;
      completeParameters(op, queryIndex);

      // Success: the status Nest answers (200, or 201 for a POST without @HttpCode(200)), described, with its schema.
      const responses = (op.responses ??= {});
      const status = Object.keys(responses).find((s) => /^2\d\d$/.test(s)) ?? (method === 'post' ? '201' : '200');
      const success = (responses[status] ?? {}) as ResponseObject;
      const schema = successSchema(doc?.ok);
      responses[status] = {
        ...success,
        description:
          success.description ||
          (method === 'get'
            ? '成功'
            : status === '201'
              ? '已创建 / 已记录'
              : status === '204'
                ? '已完成（无应答体）'
                : '成功'),
        ...(schema
          ? {
              content: {
                'application/json': { schema },
                ...(doc?.xlsx ? { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } : {}),
              },
            }
          : {}),
      };
      Object.assign(responses, doc?.extra ?? {});

      // Errors (SPEC §12).
      const params = (op.parameters ?? []) as ParameterObject[];
      const body =
        op.requestBody && !isRef(op.requestBody) ? op.requestBody.content?.['application/json']?.schema : undefined;
      const hasInput = !!op.requestBody || params.some((p) => p.in === 'query' || p.name === 'Idempotency-Key');
      if (hasInput) responses['400'] = responseRef('BadRequest');
      if (!isPublic) {
        responses['401'] = responseRef('Unauthorized');
        if (!who || who.roles.length < ROLES.length) responses['403'] = responseRef('Forbidden');
      }
      const idsInQuery = params.some(
        (p) => p.in === 'query' && (p.schema as SchemaObject | undefined)?.format === 'uuid',
      );
      if (params.some((p) => p.in === 'path') || namesIds(body, document) || idsInQuery || doc?.notFound) {
        responses['404'] = doc?.notFound
          ? { description: doc.notFound, content: { 'application/json': { schema: ref('Error') } } }
          : responseRef('NotFound');
      }
      const idempotent = /IDEMPOTENCY/.test((responses['409'] as ResponseObject | undefined)?.description ?? '');
      const conflicts = [
        ...(doc?.conflicts ?? []),
        ...(idempotent ? ['IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_REUSED'] : []),
      ];
      if (conflicts.length) responses['409'] = conflictResponse(conflicts);
      if (WRITE_METHODS.has(method) && doc?.gates !== false) responses['422'] = responseRef('GateViolation');
      if (path.startsWith('/api/public/')) responses['429'] = responseRef('TooManyRequests');
    }
  }
  return document;
}
