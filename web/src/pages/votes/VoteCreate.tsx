import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, ok, type Schemas } from '../../api/client';
import { useSession, useUser } from '../../auth/session';
import { FormProblems, showApiError } from '../../common/api-form';
import { isoDate, STAGE_ZH } from '../../common/format';
import { useOrganizations, useRoster, type Candidate, type Organization } from './queries';
import { EXCUSED_ZH, LEVEL_ZH, MODE_ZH, PURPOSE_ZH, type Level, type Purpose } from './text';

type CreateVote = Schemas['CreateVoteDto'];
type Excused = Schemas['ExcusedDto'];

interface Values {
  level: Level;
  purpose: Purpose;
  orgId?: string;
  meetingDate: Dayjs;
  mode: CreateVote['mode'];
  expected?: number;
  bodySize?: number;
  excused?: Partial<Excused>[];
  planId?: string;
  candidateIds: string[];
}

/** A gate violation of one candidate (SPEC §5 rows 11, 16): the service names the candidate. */
type CandidateViolation = { code: string; message: string; candidateId?: string };

/** Which organizations may hold a level (SPEC §7.1): a general branch cannot approve. */
function mayHold(org: Organization, level: Level, purpose: Purpose): boolean {
  if (purpose === 'plan') return org.kind === 'department';
  if (level === 'branch_meeting') return org.kind === 'branch';
  if (level === 'committee') return org.kind === 'committee' || org.kind === 'department';
  return org.kind === 'branch' || org.kind === 'general_branch';
}

/** Violation codes that belong to a form field rather than to a candidate. */
const FIELD_OF: Record<string, string> = {
  APPROVER_NOT_COMMITTEE: 'orgId',
  APPROVER_NOT_DEPARTMENT: 'orgId',
  ORG_NOT_BRANCH: 'orgId',
  PLAN_ORG_MISMATCH: 'planId',
  PLAN_VOTE_LEVEL: 'level',
  PLAN_NOTHING_TO_VOTE: 'planId',
  NO_VOTING_MEMBERS: 'orgId',
  EXCUSED_DUPLICATE: 'excused',
  EXCUSED_NOT_VOTING_MEMBER: 'excused',
  EXCUSED_BRANCH_MEETING_ONLY: 'excused',
  CANDIDATE_NOT_IN_ORG: 'candidateIds',
  NOT_PLAN_ENTRY: 'candidateIds',
  DATE_IN_FUTURE: 'meetingDate',
};

/** POST /api/votes: level, purpose, organization, date, candidates, mode and the numbers the level needs. */
export default function VoteCreate() {
  const user = useUser();
  const { atLeast } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const [perCandidate, setPerCandidate] = useState<Map<string, string[]>>(new Map());
  const [search, setSearch] = useState('');
  const [openSession, setOpenSession] = useState<string>();

  const level = Form.useWatch('level', form) ?? 'mass_assessment';
  const purpose = Form.useWatch('purpose', form) ?? 'admission';
  const orgId = Form.useWatch('orgId', form);
  const planId = Form.useWatch('planId', form);
  const excused = Form.useWatch('excused', form);
  const candidateIds = Form.useWatch('candidateIds', form) ?? [];

  const levels = (Object.keys(LEVEL_ZH) as Level[]).filter((l) => l !== 'committee' || atLeast('committee'));
  const planVotes = level === 'committee' && atLeast('department');
  const purposes = useMemo<Purpose[]>(
    () => (planVotes ? ['admission', 'conversion', 'plan'] : ['admission', 'conversion']),
    [planVotes],
  );

  const orgs = useOrganizations();
  const holders = useMemo(
    () => (orgs.data?.list ?? []).filter((o) => mayHold(o, level, purpose)),
    [orgs.data, level, purpose],
  );
  // The organization follows the level: the user's own when it may hold it, else the first that may.
  useEffect(() => {
    if (!holders.length) return;
    if (orgId && holders.some((o) => o.id === orgId)) return;
    form.setFieldValue('orgId', (holders.find((o) => o.id === user.orgId) ?? holders[0]).id);
  }, [holders, orgId, user.orgId, form]);
  useEffect(() => {
    if (!purposes.includes(purpose)) form.setFieldValue('purpose', 'admission');
  }, [purposes, purpose, form]);

  const stage = purpose === 'conversion' ? 'probationary' : 'development_object';
  const candidates = useQuery({
    queryKey: ['candidates', 'for-vote', orgId, stage, search],
    queryFn: () =>
      ok(
        api.GET('/api/candidates', {
          params: { query: { orgId, stage, q: search || undefined, limit: 500 } },
        }),
      ),
    enabled: !!orgId && purpose !== 'plan',
    placeholderData: (previous) => previous,
  });

  const plans = useQuery({
    queryKey: ['plans', 'for-vote', orgId],
    queryFn: () => ok(api.GET('/api/plans', { params: { query: { orgId, limit: 100 } } })),
    enabled: !!orgId && purpose === 'plan',
  });
  const plan = useQuery({
    queryKey: ['plans', planId],
    queryFn: () => ok(api.GET('/api/plans/{id}', { params: { path: { id: planId! } } })),
    enabled: !!planId && purpose === 'plan',
  }).data;

  const roster = useRoster(level === 'branch_meeting' ? orgId : undefined);
  const voters = (roster.data ?? []).filter((m) => m.hasVote);
  const excusedCount = (excused ?? []).filter((e) => e?.memberId).length;

  const create = useMutation({
    mutationFn: (body: CreateVote) => ok(api.POST('/api/votes', { body })),
    onSuccess: (vote) => {
      void queries.invalidateQueries({ queryKey: ['votes'] });
      void queries.invalidateQueries({ queryKey: ['candidates'] });
      message.success('表决已发起');
      navigate(`/votes/${vote.id}`);
    },
    onError: (err) => {
      setPerCandidate(new Map());
      setOpenSession(err instanceof ApiError && err.code === 'VOTE_ALREADY_OPEN' ? sessionIn(err.message) : undefined);
      if (!(err instanceof ApiError)) return setProblems(showApiError(form, err));
      const violations = err.violations as CandidateViolation[];
      const mine = violations.filter((v) => v.candidateId);
      const byCandidate = new Map<string, string[]>();
      for (const v of mine) byCandidate.set(v.candidateId!, [...(byCandidate.get(v.candidateId!) ?? []), v.message]);
      setPerCandidate(byCandidate);
      const rest = new ApiError(
        err.status,
        err.code,
        readableConflict(err, candidates.data?.items ?? []),
        violations.filter((v) => !v.candidateId),
        err.errors,
      );
      const left =
        err.violations.length && !rest.violations.length && !err.errors.length
          ? []
          : showApiError(form, rest, FIELD_OF);
      setProblems([...mine, ...left]);
    },
  });

  const submit = (v: Values) => {
    setProblems([]);
    const body: CreateVote = {
      level: v.level,
      purpose: v.purpose,
      orgId: v.orgId!,
      meetingDate: isoDate(v.meetingDate)!,
      mode: v.mode,
    };
    if (v.purpose !== 'plan' || v.candidateIds.length) body.candidateIds = v.candidateIds;
    if (v.level === 'mass_assessment') body.expected = v.expected;
    if (v.level === 'committee') body.bodySize = v.bodySize;
    if (v.level === 'branch_meeting') {
      const list = (v.excused ?? []).filter((e): e is Excused => !!e?.memberId && !!e.reason);
      if (list.length) body.excused = list;
    }
    if (v.purpose === 'plan') body.planId = v.planId;
    create.mutate(body);
  };

  const candidateRows: {
    id: string;
    name: string;
    stage: string;
    orgId: string;
    deferred?: boolean;
    openComplaints?: number;
  }[] =
    purpose === 'plan'
      ? (plan?.submitted ?? []).map((e) => ({ id: e.candidateId, name: e.name, stage: e.stage, orgId: e.orgId }))
      : (candidates.data?.items ?? []);

  return (
    <>
      <Typography.Title level={2}>发起表决</Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed) => {
          if ('orgId' in changed || 'purpose' in changed || 'level' in changed) {
            form.setFieldValue('candidateIds', []);
            setPerCandidate(new Map());
          }
        }}
        initialValues={{
          level: 'mass_assessment',
          purpose: 'admission',
          mode: 'electronic',
          meetingDate: dayjs(),
          candidateIds: [],
          excused: [],
        }}
        style={{ maxWidth: 960 }}
      >
        <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>会议</h3>} style={{ marginBottom: 16 }}>
          <Form.Item label="层级" name="level" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={levels.map((l) => ({ value: l, label: LEVEL_ZH[l] }))} />
          </Form.Item>
          <Form.Item label="用途" name="purpose" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={purposes.map((p) => ({ value: p, label: PURPOSE_ZH[p] }))} />
          </Form.Item>
          <Form.Item
            label={purpose === 'plan' ? '组织部' : level === 'committee' ? '审批的党委' : '召开会议的党组织'}
            name="orgId"
            rules={[{ required: true, message: '请选择组织' }]}
            extra={
              !orgs.isLoading && !holders.length ? `您的范围内没有可以组织${LEVEL_ZH[level]}表决的党组织` : undefined
            }
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={orgs.isLoading}
              options={holders.map((o) => ({ value: o.id, label: o.name }))}
              style={{ maxWidth: 400 }}
            />
          </Form.Item>
          <Form.Item label="会议日期" name="meetingDate" rules={[{ required: true, message: '请选择会议日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item label="表决方式" name="mode" rules={[{ required: true }]}>
            <Radio.Group options={(['electronic', 'paper'] as const).map((m) => ({ value: m, label: MODE_ZH[m] }))} />
          </Form.Item>
          {level === 'mass_assessment' && (
            <Form.Item
              label="应到会人数"
              name="expected"
              rules={[{ required: true, message: '请填写应到会人数' }]}
              extra={
                purpose === 'admission'
                  ? '接收预备党员：同意票须达到应到会人数的半数'
                  : '转正：同意票须达到参会人数的半数'
              }
            >
              <InputNumber min={1} max={100000} precision={0} style={{ width: 160 }} />
            </Form.Item>
          )}
          {level === 'committee' && (
            <Form.Item
              label={purpose === 'plan' ? '全体组织员人数' : '党委（组织员会议）全体成员人数'}
              name="bodySize"
              rules={[{ required: true, message: '请填写全体成员人数' }]}
              extra="同意票须达到全体成员（不论是否到会）的三分之二"
            >
              <InputNumber min={1} max={10000} precision={0} style={{ width: 160 }} />
            </Form.Item>
          )}
          {level === 'branch_meeting' && (
            <Form.Item
              label="不计入应到会人数的党员"
              extra={
                roster.data
                  ? `应到会有表决权党员：${voters.length - excusedCount} 人（有表决权正式党员 ${voters.length} 人${excusedCount ? `，减去 ${excusedCount} 人` : ''}）`
                  : undefined
              }
            >
              <Form.List name="excused">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                        <Form.Item
                          name={[field.name, 'memberId']}
                          rules={[{ required: true, message: '请选择党员' }]}
                          style={{ marginBottom: 8 }}
                        >
                          <Select
                            aria-label="党员"
                            placeholder="党员"
                            showSearch={{ optionFilterProp: 'label' }}
                            style={{ width: 160 }}
                            options={voters.map((m) => ({ value: m.id, label: m.name }))}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'reason']}
                          rules={[{ required: true, message: '请选择原因' }]}
                          style={{ marginBottom: 8 }}
                        >
                          <Select
                            aria-label="原因"
                            placeholder="原因"
                            style={{ width: 320 }}
                            options={Object.entries(EXCUSED_ZH).map(([value, label]) => ({ value, label }))}
                          />
                        </Form.Item>
                        <Button
                          type="text"
                          icon={<MinusCircleOutlined />}
                          aria-label="移除"
                          onClick={() => remove(field.name)}
                        />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({})}>
                      添加
                    </Button>
                  </>
                )}
              </Form.List>
            </Form.Item>
          )}
          {purpose === 'plan' && (
            <Form.Item label="发展计划" name="planId" rules={[{ required: true, message: '请选择发展计划' }]}>
              <Select
                loading={plans.isLoading}
                style={{ maxWidth: 400 }}
                options={plans.data?.items.map((p) => ({
                  value: p.id,
                  label: `${p.year} 年度（待表决 ${p.counts.submitted ?? 0} 人）`,
                }))}
              />
            </Form.Item>
          )}
        </Card>

        <Card
          title={<h3 style={{ margin: 0, fontSize: 16 }}>表决人选</h3>}
          extra={`已选 ${candidateIds.length} 人`}
          style={{ marginBottom: 16 }}
        >
          <Typography.Paragraph type="secondary">
            {purpose === 'plan'
              ? '不选则对计划中全部待表决人选表决。'
              : purpose === 'conversion'
                ? '预备党员（转正表决）。'
                : '发展对象（接收预备党员表决）。'}
          </Typography.Paragraph>
          {purpose !== 'plan' && (
            <Input.Search
              aria-label="按姓名查找"
              placeholder="按姓名查找"
              allowClear
              onSearch={setSearch}
              style={{ maxWidth: 280, marginBottom: 12 }}
            />
          )}
          <Form.Item
            name="candidateIds"
            valuePropName="selectedRowKeys"
            rules={purpose === 'plan' ? [] : [{ required: true, type: 'array', min: 1, message: '请至少选择一名人选' }]}
            style={{ marginBottom: 0 }}
          >
            <CandidatePicker
              rows={candidateRows}
              loading={candidates.isFetching || plans.isFetching}
              violations={perCandidate}
            />
          </Form.Item>
        </Card>

        <FormProblems problems={problems} />
        {openSession && (
          <Typography.Paragraph>
            <Link to={`/votes/${openSession}`}>查看进行中的表决</Link>
          </Typography.Paragraph>
        )}
        <Flex gap={12}>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            发起表决
          </Button>
          <Link to="/votes">
            <Button>取消</Button>
          </Link>
        </Flex>
      </Form>
    </>
  );
}

/** A selectable table of candidates; a 422 puts each candidate's violations on its row. */
function CandidatePicker({
  rows,
  loading,
  violations,
  selectedRowKeys = [],
  onChange,
}: {
  rows: { id: string; name: string; stage: string; deferred?: boolean; openComplaints?: number }[];
  loading: boolean;
  violations: Map<string, string[]>;
  selectedRowKeys?: string[];
  onChange?: (keys: string[]) => void;
}) {
  return (
    <Table
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      rowSelection={{
        selectedRowKeys,
        preserveSelectedRowKeys: true,
        onChange: (keys) => onChange?.(keys as string[]),
        getCheckboxProps: (r) => ({ 'aria-label': `选择 ${r.name}` }),
      }}
      locale={{ emptyText: '没有符合阶段的人选' }}
      rowClassName={(r) => (violations.has(r.id) ? 'vote-row-problem' : '')}
      columns={[
        { title: '姓名', dataIndex: 'name' },
        { title: '阶段', dataIndex: 'stage', render: (s: keyof typeof STAGE_ZH) => STAGE_ZH[s] ?? s },
        {
          title: '状态',
          key: 'flags',
          render: (_, c) => (
            <>
              {c.deferred && <Tag color="#ad4e00">暂缓</Tag>}
              {!!c.openComplaints && <Tag color="#a8071a">举报未办结</Tag>}
            </>
          ),
        },
        {
          title: '不符合的条件',
          key: 'violations',
          render: (_, c) =>
            violations.has(c.id) ? (
              <ul style={{ margin: 0, paddingInlineStart: 18, color: '#a8071a' }}>
                {violations.get(c.id)!.map((m, i) => (
                  <li key={i}>{m.replace(`${c.name}：`, '')}</li>
                ))}
              </ul>
            ) : null,
        },
      ]}
    />
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The session a 409 VOTE_ALREADY_OPEN names (the last id in its message). */
function sessionIn(text: string): string | undefined {
  return text.match(UUID)?.at(-1);
}

/** 409 VOTE_ALREADY_OPEN names ids; say it with the candidate's name (the session gets a link). */
function readableConflict(err: ApiError, candidates: Pick<Candidate, 'id' | 'name'>[]): string {
  if (err.code !== 'VOTE_ALREADY_OPEN') return err.message;
  const names = new Map(candidates.map((c) => [c.id, c.name]));
  return err.message.replace(UUID, (id) => names.get(id) ?? '').replace(/\s+中/, '中');
}
