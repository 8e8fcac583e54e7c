import { useMemo, useState } from 'react';
import { Link, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleTwoTone, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { FormActions, FormProblems, showApiError } from '../../common/api-form';
import { DownloadButton } from '../../common/file-actions';
import { dateZh, isoDate } from '../../common/format';
import { CandidateSelect, MemberSelect, OrgSelect, useOrganizations, AreaGate, TAG_COLOR } from '../../common/pickers';
import { FilterBar, OrgFilter, PAGE_SIZE, PagedTable, useFilter } from '../../common/lists';
import { NewButton, PageHeader } from '../../common/page';
import NotFound from '../NotFound';

type Visit = Schemas['Visit'];
type VisitBody = Schemas['VisitDto'];
type CheckKey = keyof Schemas['ChecksDto'];
type Rating = Schemas['CheckDto']['rating'];
type Action = VisitBody['action'];
type Method = VisitBody['methods'][number];

/** 四查四看 (SPEC §8). */
const CHECKS: { key: CheckKey; label: string }[] = [
  { key: 'thought', label: '思想动态' },
  { key: 'performance', label: '工作实绩' },
  { key: 'massOpinion', label: '群众评价' },
  { key: 'exemplary', label: '表率作用' },
];
const RATING: Record<Rating, { label: string; color: string }> = {
  good: { label: '良好', color: TAG_COLOR.green },
  concern: { label: '需关注', color: TAG_COLOR.orange },
  problem: { label: '存在问题', color: TAG_COLOR.red },
};
const METHOD_ZH: Record<Method, string> = {
  forum: '召开座谈会',
  mass_visit: '走访群众',
  veteran_visit: '走访老党员',
  site_inspection: '实地察看',
};
const VISITOR_ROLE_ZH: Record<string, string> = { secretary: '支部书记', introducer: '入党介绍人', other: '其他' };
const ACTION_ZH: Record<Action, string> = {
  none: '无需处理',
  criticism: '批评教育',
  admonition_talk: '诫勉谈话',
  extend_probation: '延长预备期',
  cancel: '取消预备党员资格',
};

/** SPEC §8: follow-up visits of probationary members with the four checks, and spot checks. */
export default function ProbationArea() {
  return (
    <AreaGate area="/probation">
      <Routes>
        <Route index element={<Overview />} />
        <Route path="members" element={<Overview />} />
        <Route path="spot-checks" element={<Overview />} />
        <Route path="visits/new" element={<NewVisit />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

function Overview() {
  const { atLeast } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const tab = location.pathname.endsWith('/members')
    ? 'members'
    : location.pathname.endsWith('/spot-checks')
      ? 'spot-checks'
      : 'visits';
  return (
    <>
      <PageHeader title="预备期考察">
        <NewButton to="/probation/visits/new">登记回访</NewButton>
      </PageHeader>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(key === 'visits' ? '/probation' : `/probation/${key}`)}
        items={[
          { key: 'visits', label: '回访记录', children: <VisitList /> },
          { key: 'members', label: '预备党员', children: <ProbationaryList /> },
          ...(atLeast('department') ? [{ key: 'spot-checks', label: '回访抽查', children: <SpotCheck /> }] : []),
        ]}
      />
    </>
  );
}

/** Names of the candidates a page of visits concerns (the visit carries only the id). */
function useCandidateNames(ids: string[]) {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['candidates', 'detail', id],
      queryFn: () => ok(api.GET('/api/candidates/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((r, i) => r.data && names.set(unique[i], r.data.name));
  return names;
}

function RatingTags({ checks }: { checks: Visit['checks'] }) {
  return (
    <Flex gap={4} wrap>
      {CHECKS.map(({ key, label }) => {
        const r = RATING[checks[key]?.rating as Rating];
        return (
          <Tag key={key} color={r?.color}>
            {label} {r?.label ?? checks[key]?.rating ?? '—'}
          </Tag>
        );
      })}
    </Flex>
  );
}

function VisitList() {
  const [page, setPage] = useState(1);
  const [orgId, setOrgId] = useFilter<string | undefined>(undefined, setPage);
  const [range, setRange] = useFilter<[Dayjs | null, Dayjs | null] | null>(null, setPage);
  const from = isoDate(range?.[0]);
  const to = isoDate(range?.[1]);
  const list = useQuery({
    queryKey: ['visits', { orgId, from, to, page }],
    queryFn: () => ok(api.GET('/api/visits', { params: { query: { orgId, from, to, page, limit: PAGE_SIZE } } })),
  });
  const names = useCandidateNames((list.data?.items ?? []).map((v) => v.candidateId));
  return (
    <Card>
      <FilterBar>
        <OrgFilter value={orgId} onChange={setOrgId} />
        <DatePicker.RangePicker
          aria-label="回访日期"
          format="YYYY年M月D日"
          placeholder={['回访日期自', '至']}
          value={range}
          onChange={setRange}
        />
      </FilterBar>
      <PagedTable<Visit>
        list={list}
        page={page}
        onPage={setPage}
        unit="次回访"
        scroll={{ x: 870 }}
        expandable={{
          expandedRowRender: (v) => (
            <Descriptions
              size="small"
              column={1}
              items={[
                ...CHECKS.map(({ key, label }) => ({
                  label,
                  children: `${RATING[v.checks[key]?.rating as Rating]?.label ?? '—'}${v.checks[key]?.notes ? `：${v.checks[key].notes}` : ''}`,
                })),
                { label: '回访方式', children: v.methods.map((m) => METHOD_ZH[m as Method] ?? m).join('、') || '—' },
                { label: '计入转正条件', children: v.qualifying ? '是（支部书记或入党介绍人参加）' : '否' },
                { label: '登记人', children: v.recordedBy },
              ]}
            />
          ),
        }}
        columns={[
          { title: '回访日期', dataIndex: 'date', width: 120, render: dateZh },
          {
            title: '预备党员',
            dataIndex: 'candidateId',
            width: 100,
            render: (id: string) => <Link to={`/candidates/${id}`}>{names.get(id) ?? '查看'}</Link>,
          },
          {
            title: '回访人',
            dataIndex: 'visitors',
            width: 160,
            render: (visitors: Visit['visitors']) =>
              visitors.map((p) => `${p.name}（${VISITOR_ROLE_ZH[p.role] ?? p.role}）`).join('、'),
          },
          { title: '四查四看', dataIndex: 'checks', render: (c: Visit['checks']) => <RatingTags checks={c} /> },
          {
            title: '处理',
            dataIndex: 'action',
            width: 110,
            render: (a: string) => ACTION_ZH[a as Action] ?? a,
          },
          {
            title: '计入转正条件',
            dataIndex: 'qualifying',
            width: 110,
            responsive: ['xl'],
            render: (q: boolean) => (q ? <Tag color={TAG_COLOR.green}>是</Tag> : <Tag>否</Tag>),
          },
          {
            title: '文书',
            key: 'record',
            width: 130,
            render: (_, v) => (
              <DownloadButton
                path={`/api/visits/${v.id}/record.docx`}
                type="link"
                size="small"
                aria-label={`下载回访记录（${names.get(v.candidateId) ?? ''} ${dateZh(v.date)}）`}
              >
                下载回访记录
              </DownloadButton>
            ),
          },
        ]}
      />
    </Card>
  );
}

type Candidate = Schemas['Candidate'];

function ProbationaryList() {
  const orgs = useOrganizations();
  const [page, setPage] = useState(1);
  const [orgId, setOrgId] = useFilter<string | undefined>(undefined, setPage);
  const list = useQuery({
    queryKey: ['candidates', 'probationary', { orgId, page }],
    queryFn: () =>
      ok(api.GET('/api/candidates', { params: { query: { stage: 'probationary', orgId, page, limit: PAGE_SIZE } } })),
  });
  // Which of them have a visit that counts for conversion (SPEC §8: by the secretary or an introducer).
  const visits = useQuery({
    queryKey: ['visits', { orgId, all: true }],
    queryFn: () => ok(api.GET('/api/visits', { params: { query: { orgId, limit: 500 } } })),
  });
  const visited = useMemo(() => {
    const m = new Map<string, { count: number; qualifying: boolean }>();
    for (const v of visits.data?.items ?? []) {
      const e = m.get(v.candidateId) ?? { count: 0, qualifying: false };
      m.set(v.candidateId, { count: e.count + 1, qualifying: e.qualifying || v.qualifying });
    }
    return m;
  }, [visits.data]);
  const soon = dayjs().add(60, 'day').format('YYYY-MM-DD');
  return (
    <Card>
      <FilterBar>
        <OrgFilter value={orgId} onChange={setOrgId} />
      </FilterBar>
      <PagedTable<Candidate>
        list={list}
        page={page}
        onPage={setPage}
        unit="名预备党员"
        scroll={{ x: 700 }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/candidates/${c.id}`}>{name}</Link>,
          },
          { title: '党支部', dataIndex: 'orgId', render: (id: string) => orgs.name(id) },
          {
            title: '预备期',
            key: 'probation',
            render: (_, c) => (
              <>
                {dateZh(c.probationStart)}至{dateZh(c.probationEnd)}
                {c.probationEnd && c.probationEnd <= soon && (
                  <Tag color={TAG_COLOR.orange} style={{ marginInlineStart: 4 }}>
                    即将期满
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: '回访',
            key: 'visits',
            render: (_, c) => {
              const v = visited.get(c.id);
              if (!v) return <Tag color={TAG_COLOR.red}>未回访</Tag>;
              return (
                <Tag color={v.qualifying ? TAG_COLOR.green : 'orange'}>
                  已回访 {v.count} 次{v.qualifying ? '' : '（无书记或介绍人参加）'}
                </Tag>
              );
            },
          },
          {
            title: '操作',
            key: 'actions',
            width: 110,
            render: (_, c) => <Link to={`/probation/visits/new?candidateId=${c.id}`}>登记回访</Link>,
          },
        ]}
      />
    </Card>
  );
}

interface VisitForm {
  candidateId: string;
  date: Dayjs;
  visitors: { memberId?: string; role: 'secretary' | 'introducer' | 'other' }[];
  methods: Method[];
  checks: Record<CheckKey, { rating: Rating; notes?: string }>;
  action: Action;
  decisionDate?: Dayjs;
  decisionMonths?: number;
  decisionReason?: string;
}

function NewVisit() {
  const [params] = useSearchParams();
  const [form] = Form.useForm<VisitForm>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const { atLeast } = useSession();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const candidateId = Form.useWatch('candidateId', form);
  const action = Form.useWatch('action', form);
  const candidate = useQuery({
    queryKey: ['candidates', 'detail', candidateId],
    queryFn: () => ok(api.GET('/api/candidates/{id}', { params: { path: { id: candidateId } } })),
    enabled: !!candidateId,
  });
  const orgId = candidate.data?.orgId;
  // The decision a visit carries needs its own role (SPEC §8): extension a branch, cancellation a committee.
  const actions = (Object.keys(ACTION_ZH) as Action[]).filter(
    (a) => (a !== 'extend_probation' || atLeast('branch')) && (a !== 'cancel' || atLeast('committee')),
  );
  const record = useMutation({
    mutationFn: (v: VisitForm) => {
      const decision =
        v.action === 'extend_probation'
          ? { date: isoDate(v.decisionDate)!, months: v.decisionMonths }
          : v.action === 'cancel'
            ? { date: isoDate(v.decisionDate)!, reason: v.decisionReason }
            : undefined;
      return ok(
        api.POST('/api/candidates/{id}/visits', {
          params: { path: { id: v.candidateId } },
          body: {
            date: isoDate(v.date)!,
            visitors: v.visitors.map((p) => ({ memberId: p.memberId!, role: p.role })),
            methods: v.methods,
            checks: Object.fromEntries(
              CHECKS.map(({ key }) => [
                key,
                { rating: v.checks[key].rating, notes: v.checks[key].notes?.trim() || undefined },
              ]),
            ) as VisitBody['checks'],
            action: v.action,
            decision,
          },
        }),
      );
    },
    onSuccess: (visit) => {
      message.success(visit.qualifying ? '回访已登记，计入转正条件' : '回访已登记');
      void queries.invalidateQueries({ queryKey: ['visits'] });
      void queries.invalidateQueries({ queryKey: ['candidates'] });
      navigate('/probation');
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          DATE_IN_FUTURE: 'date',
          DUPLICATE_VISITOR: 'visitors',
          EXTENSION_OUT_OF_RANGE: 'decisionMonths',
          EXTENSION_ALREADY_USED: 'action',
          DATE_OUT_OF_ORDER: 'decisionDate',
        }),
      ),
  });
  const initialChecks = Object.fromEntries(CHECKS.map(({ key }) => [key, { rating: 'good' }]));
  return (
    <>
      <Typography.Title level={2}>登记回访（四查四看）</Typography.Title>
      <Card style={{ maxWidth: 860 }}>
        <Form<VisitForm>
          form={form}
          layout="vertical"
          initialValues={{
            candidateId: params.get('candidateId') ?? undefined,
            date: dayjs(),
            visitors: [{ role: 'secretary' }],
            methods: [],
            checks: initialChecks,
            action: 'none',
          }}
          onFinish={(v) => {
            setProblems([]);
            record.mutate(v);
          }}
        >
          <Form.Item label="预备党员" name="candidateId" rules={[{ required: true, message: '请选择预备党员' }]}>
            <CandidateSelect stages={['probationary']} />
          </Form.Item>
          {candidate.data && (
            <Typography.Paragraph type="secondary">
              预备期{dateZh(candidate.data.probationStart)}至{dateZh(candidate.data.probationEnd)}
            </Typography.Paragraph>
          )}
          <Form.Item label="回访日期" name="date" rules={[{ required: true, message: '请选择回访日期' }]}>
            <DatePicker format="YYYY年M月D日" allowClear={false} />
          </Form.Item>
          <Form.Item label="回访人" required extra="支部书记或入党介绍人参加的回访，才计入转正条件">
            <Form.List
              name="visitors"
              rules={[
                {
                  validator: async (_, list?: unknown[]) => {
                    if (!list?.length) throw new Error('请至少登记一名回访人');
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="start" wrap>
                      <Form.Item
                        name={[field.name, 'memberId']}
                        rules={[{ required: true, message: '请选择回访人' }]}
                        style={{ flex: '1 1 220px', marginBottom: 8 }}
                      >
                        <MemberSelect
                          orgId={orgId}
                          placeholder="本支部党员"
                          aria-label={`第${field.name + 1}名回访人`}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'role']} style={{ marginBottom: 8 }}>
                        <Select
                          aria-label="身份"
                          style={{ width: 140 }}
                          options={Object.entries(VISITOR_ROLE_ZH).map(([value, label]) => ({ value, label }))}
                        />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button
                          type="text"
                          aria-label="删除此回访人"
                          icon={<MinusCircleOutlined />}
                          onClick={() => remove(field.name)}
                        />
                      )}
                    </Flex>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'introducer' })}>
                    添加回访人
                  </Button>
                  <Form.ErrorList errors={errors} />
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item
            label="回访方式"
            name="methods"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一种回访方式' }]}
          >
            <MethodChecks />
          </Form.Item>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            四查四看
          </Typography.Title>
          {CHECKS.map(({ key, label }) => (
            <Flex key={key} gap={12} wrap align="start">
              <Form.Item
                label={label}
                name={['checks', key, 'rating']}
                rules={[{ required: true, message: `请评定${label}` }]}
                style={{ minWidth: 280 }}
              >
                <Radio.Group
                  optionType="button"
                  options={Object.entries(RATING).map(([value, r]) => ({ value, label: r.label }))}
                />
              </Form.Item>
              <Form.Item
                label={`${label}情况说明`}
                name={['checks', key, 'notes']}
                rules={[{ max: 2000 }]}
                style={{ flex: '1 1 280px' }}
              >
                <Input placeholder="可不填" />
              </Form.Item>
            </Flex>
          ))}
          <Form.Item label="处理意见" name="action" rules={[{ required: true }]}>
            <Select options={actions.map((a) => ({ value: a, label: ACTION_ZH[a] }))} style={{ maxWidth: 320 }} />
          </Form.Item>
          {(action === 'extend_probation' || action === 'cancel') && (
            <Card size="small" style={{ marginBottom: 16 }} title={ACTION_ZH[action] + '决定'}>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={
                  action === 'cancel'
                    ? '取消预备党员资格须经党委决定，与本次回访一并记录'
                    : '延长预备期 6 至 12 个月，只能延长一次，与本次回访一并记录'
                }
              />
              <Flex gap={16} wrap>
                <Form.Item label="决定日期" name="decisionDate" rules={[{ required: true, message: '请选择决定日期' }]}>
                  <DatePicker format="YYYY年M月D日" />
                </Form.Item>
                {action === 'extend_probation' ? (
                  <Form.Item
                    label="延长月数"
                    name="decisionMonths"
                    rules={[{ required: true, type: 'integer', min: 6, max: 12, message: '延长 6 至 12 个月' }]}
                  >
                    <InputNumber precision={0} suffix="个月" style={{ width: 140 }} />
                  </Form.Item>
                ) : (
                  <Form.Item
                    label="取消理由"
                    name="decisionReason"
                    rules={[{ required: true, whitespace: true, message: '请填写取消理由' }]}
                    style={{ flex: '1 1 300px' }}
                  >
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                )}
              </Flex>
            </Card>
          )}
          <FormProblems problems={problems} />
          <FormActions label="登记回访" pending={record.isPending} cancelTo="/probation" />
        </Form>
      </Card>
    </>
  );
}

/** The methods as checkboxes; a group may not carry aria-required (the form adds it), its boxes say it all. */
function MethodChecks(props: { value?: Method[]; onChange?: (v: Method[]) => void; id?: string }) {
  return (
    <Checkbox.Group
      aria-label="回访方式"
      value={props.value}
      onChange={(v) => props.onChange?.(v as Method[])}
      options={Object.entries(METHOD_ZH).map(([value, label]) => ({ value, label }))}
    />
  );
}

type SpotCheckResult = Schemas['SpotCheck'];

function SpotCheck() {
  const { user } = useSession();
  const [form] = Form.useForm<{ orgId: string; sampleSize: number; seed?: string }>();
  const orgs = useOrganizations();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const [result, setResult] = useState<SpotCheckResult>();
  const run = useMutation({
    mutationFn: (v: { orgId: string; sampleSize: number; seed?: string }) =>
      ok(
        api.POST('/api/spot-checks', {
          body: { orgId: v.orgId, sampleSize: v.sampleSize, seed: v.seed?.trim() || undefined },
        }),
      ),
    onSuccess: (r) => {
      setResult(r);
      if (r.missing.length) void queries.invalidateQueries({ queryKey: ['accountability'] });
    },
    onError: (err) => setProblems(showApiError(form, err)),
  });
  return (
    <Card>
      <Typography.Paragraph>
        从转正期限在 60
        天内的预备党员中随机抽取，查看是否已按规定回访；未回访的自动登记责任追究（A12）。填写同一抽样种子可复现同一样本。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        initialValues={{ sampleSize: 5, orgId: user?.orgId ?? undefined }}
        onFinish={(v) => {
          setProblems([]);
          run.mutate(v);
        }}
        style={{ rowGap: 12 }}
      >
        <Form.Item label="抽查范围" name="orgId" rules={[{ required: true, message: '请选择组织' }]}>
          <OrgSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item
          label="抽查人数"
          name="sampleSize"
          rules={[{ required: true, type: 'integer', min: 1, message: '请填写抽查人数' }]}
        >
          <InputNumber min={1} max={1000} precision={0} />
        </Form.Item>
        <Form.Item label="抽样种子" name="seed" rules={[{ max: 100 }]}>
          <Input placeholder="可不填" style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={run.isPending}>
          开始抽查
        </Button>
      </Form>
      {problems.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <FormProblems problems={problems} />
        </div>
      )}
      {result && (
        <>
          <Typography.Title level={3} style={{ marginTop: 24 }}>
            抽查结果
          </Typography.Title>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { label: '抽查日期', children: dateZh(result.asOf) },
              { label: '期满截至', children: dateZh(result.windowEnd) },
              { label: '可抽查人数', children: result.population },
              { label: '抽查人数', children: result.sampled.length },
              { label: '未回访', children: result.missing.length },
              { label: '抽样种子', children: result.seed },
            ]}
          />
          {result.missing.length > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ margin: '12px 0' }}
              title={`${result.missing.length} 名预备党员转正前未经回访，已登记责任追究（A12）`}
              action={<Link to="/accountability?situation=A12">查看</Link>}
            />
          ) : (
            result.sampled.length > 0 && (
              <Alert type="success" showIcon style={{ margin: '12px 0' }} title="抽查的预备党员均已按规定回访" />
            )
          )}
          <Table
            rowKey="candidateId"
            size="small"
            pagination={false}
            dataSource={result.sampled}
            locale={{ emptyText: '60 天内没有转正期满的预备党员' }}
            columns={[
              {
                title: '姓名',
                dataIndex: 'name',
                render: (name: string, s) => <Link to={`/candidates/${s.candidateId}`}>{name}</Link>,
              },
              { title: '党支部', dataIndex: 'orgId', render: (id: string) => orgs.name(id) },
              { title: '预备期满', dataIndex: 'probationEnd', render: dateZh },
              {
                title: '回访',
                dataIndex: 'visited',
                render: (v: boolean) =>
                  v ? (
                    <span>
                      <CheckCircleTwoTone twoToneColor="#52c41a" /> 已回访
                    </span>
                  ) : (
                    <Tag color={TAG_COLOR.red}>未回访</Tag>
                  ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
