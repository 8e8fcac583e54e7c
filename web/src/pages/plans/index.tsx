import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  InputNumber,
  Modal,
  Radio,
  Row,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { FormActions, FormProblems, showApiError } from '../../common/api-form';
import { DownloadButton } from '../../common/file-actions';
import { dateTimeZh, dateZh, STAGE_ZH } from '../../common/format';
import { CandidateSelect, OrgSelect, useOrganizations, type Stage, AreaGate, TAG_COLOR } from '../../common/pickers';
import { FilterBar } from '../../common/lists';
import { DetailFallback, DetailHeader, PageHeader } from '../../common/page';
import NotFound from '../NotFound';

type PlanSummary = Schemas['PlanSummary'];
type PlanEntry = Schemas['PlanEntry'];
type VoteSummary = Schemas['VoteSessionSummary'];

const VOTE_STATUS: Record<VoteSummary['status'], { label: string; color?: string }> = {
  open: { label: '进行中', color: TAG_COLOR.blue },
  closed: { label: '已结束', color: TAG_COLOR.green },
  void: { label: '已作废', color: undefined },
};
const MODE_ZH: Record<VoteSummary['mode'], string> = { paper: '纸质票', electronic: '电子票' };

/** SPEC §11: annual development plans, their entries and the organizers' meeting votes on them. */
export default function PlansArea() {
  return (
    <AreaGate area="/plans">
      <Routes>
        <Route index element={<PlanList />} />
        <Route path=":id" element={<PlanDetail />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

function PlanList() {
  const { atLeast } = useSession();
  const orgs = useOrganizations();
  const [year, setYear] = useState<Dayjs | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['plans', 'list', year?.year() ?? null],
    queryFn: () => ok(api.GET('/api/plans', { params: { query: { year: year?.year(), limit: 100 } } })),
  });
  return (
    <>
      <PageHeader title="发展计划">
        {atLeast('department') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            制定年度计划
          </Button>
        )}
      </PageHeader>
      <Card>
        <FilterBar>
          <DatePicker picker="year" aria-label="年度" placeholder="全部年度" value={year} onChange={setYear} />
        </FilterBar>
        <Table<PlanSummary>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          scroll={{ x: 700 }}
          pagination={false}
          locale={{ emptyText: '还没有发展计划' }}
          columns={[
            {
              title: '年度',
              dataIndex: 'year',
              render: (y: number, p) => <Link to={p.id}>{y}年度发展计划</Link>,
            },
            { title: '组织部', dataIndex: 'orgId', render: (id: string) => orgs.name(id) },
            { title: '计划名额', dataIndex: 'quota', render: (q: number | null) => (q === null ? '不设' : `${q} 名`) },
            { title: '待表决', key: 'submitted', render: (_, p) => p.counts.submitted ?? 0 },
            { title: '已列入', key: 'included', render: (_, p) => p.counts.included ?? 0 },
            { title: '未列入', key: 'excluded', render: (_, p) => p.counts.excluded ?? 0 },
          ]}
        />
      </Card>
      {creating && <CreatePlan onClose={() => setCreating(false)} />}
    </>
  );
}

function CreatePlan({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<{ orgId: string; year: Dayjs; quota?: number }>();
  const { user } = useSession();
  const orgs = useOrganizations();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const ownDepartment = user?.orgId && orgs.byId.get(user.orgId)?.kind === 'department' ? user.orgId : undefined;
  const create = useMutation({
    mutationFn: (v: { orgId: string; year: Dayjs; quota?: number }) =>
      ok(api.POST('/api/plans', { body: { orgId: v.orgId, year: v.year.year(), quota: v.quota ?? undefined } })),
    onSuccess: (plan) => {
      void queries.invalidateQueries({ queryKey: ['plans'] });
      onClose();
      navigate(`/plans/${plan.id}`);
    },
    onError: (err) => setProblems(showApiError(form, err, { ORG_NOT_DEPARTMENT: 'orgId', PLAN_EXISTS: 'year' })),
  });
  return (
    <Modal
      open
      title="制定年度发展计划"
      okText="制定"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId: ownDepartment, year: dayjs().add(1, 'year') }}
        onFinish={(v) => {
          setProblems([]);
          create.mutate(v);
        }}
      >
        <Form.Item label="组织部" name="orgId" rules={[{ required: true, message: '请选择制定计划的组织部' }]}>
          <OrgSelect kinds={['department']} />
        </Form.Item>
        <Form.Item label="年度" name="year" rules={[{ required: true, message: '请选择年度' }]}>
          <DatePicker picker="year" allowClear={false} />
        </Form.Item>
        <Form.Item
          label="计划发展名额"
          name="quota"
          extra="不填则不设名额；设了名额，报送人数不得超出（不得超计划发展）"
          rules={[{ type: 'integer', min: 0, message: '名额须为非负整数' }]}
        >
          <InputNumber min={0} precision={0} suffix="名" style={{ width: 160 }} />
        </Form.Item>
        <FormProblems problems={problems} />
      </Form>
    </Modal>
  );
}

const PLANNABLE: Stage[] = ['applicant', 'activist', 'development_object'];

function PlanDetail() {
  const { id } = useParams();
  const { atLeast } = useSession();
  const orgs = useOrganizations();
  const plan = useQuery({
    queryKey: ['plans', 'one', id],
    queryFn: () => ok(api.GET('/api/plans/{id}', { params: { path: { id: id! } } })),
  });
  // The batch votes of this plan (SPEC §11: the organizers' meeting, ≥ ⅔ of all organizers).
  const votes = useQuery({
    queryKey: ['votes', 'list', { purpose: 'plan', planId: id }],
    queryFn: async () => {
      const all = await ok(api.GET('/api/votes', { params: { query: { purpose: 'plan', limit: 500 } } }));
      return all.items.filter((v) => v.planId === id);
    },
  });
  const back = { to: '/plans', label: '返回发展计划' };
  if (!plan.data) return <DetailFallback loading={plan.isLoading} title="计划不存在或不在您的管辖范围内" back={back} />;
  const p = plan.data;
  const openVote = votes.data?.find((v) => v.status === 'open');
  const entryColumns = [
    {
      title: '姓名',
      dataIndex: 'name',
      render: (name: string, e: PlanEntry) => <Link to={`/candidates/${e.candidateId}`}>{name}</Link>,
    },
    { title: '党支部', dataIndex: 'orgId', render: (o: string) => orgs.name(o) },
    { title: '阶段', dataIndex: 'stage', render: (s: string) => STAGE_ZH[s as Stage] ?? s },
    { title: '报送时间', dataIndex: 'submittedAt', render: dateTimeZh },
  ];
  const decidedColumns = [
    ...entryColumns,
    { title: '表决日期', dataIndex: 'decidedOn', render: dateZh },
    {
      title: '表决',
      dataIndex: 'voteId',
      render: (v: string | null) => (v ? <Link to={`/votes/${v}`}>查看表决</Link> : '—'),
    },
  ];
  return (
    <>
      <DetailHeader title={<>{p.year}年度发展计划</>} back={back}>
        <DownloadButton path={`/api/plans/${p.id}/export.xlsx`}>导出 Excel</DownloadButton>
      </DetailHeader>
      <Card style={{ marginTop: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { label: '组织部', children: orgs.name(p.orgId) },
            { label: '计划名额', children: p.quota === null ? '不设' : `${p.quota} 名` },
            { label: '制定时间', children: dateTimeZh(p.createdAt) },
          ]}
        />
        <Row gutter={16} style={{ marginTop: 8 }}>
          <Col xs={8}>
            <Statistic title="待表决" value={p.submitted.length} suffix="名" />
          </Col>
          <Col xs={8}>
            <Statistic title="已列入计划" value={p.included.length} suffix="名" />
          </Col>
          <Col xs={8}>
            <Statistic title="未列入计划" value={p.excluded.length} suffix="名" />
          </Col>
        </Row>
      </Card>

      {atLeast('committee') && <AddEntries plan={p} />}

      <Typography.Title level={3} style={{ marginTop: 24 }}>
        组织员会议票决
      </Typography.Title>
      <Card>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">
            报送的人选由组织员会议票决，赞成票达到全体组织员三分之二以上的列入计划。
          </Typography.Text>
          {atLeast('department') && p.submitted.length > 0 && !openVote && <OpenPlanVote plan={p} />}
        </Flex>
        <Table<VoteSummary>
          rowKey="id"
          size="small"
          loading={votes.isLoading}
          dataSource={votes.data}
          pagination={false}
          scroll={{ x: 640 }}
          locale={{ emptyText: '尚未对本计划表决' }}
          columns={[
            { title: '会议日期', dataIndex: 'meetingDate', render: dateZh },
            { title: '方式', dataIndex: 'mode', render: (m: VoteSummary['mode']) => MODE_ZH[m] },
            { title: '人选数', dataIndex: 'candidateCount' },
            {
              title: '全体组织员 / 实到',
              key: 'people',
              render: (_, v) => `${v.bodySize ?? v.expected} / ${v.present ?? '—'}`,
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: VoteSummary['status'], v) => (
                <>
                  <Tag color={VOTE_STATUS[s].color}>{VOTE_STATUS[s].label}</Tag>
                  {v.voidReason && <Typography.Text type="secondary">{v.voidReason}</Typography.Text>}
                </>
              ),
            },
            { title: '操作', key: 'open', render: (_, v) => <Link to={`/votes/${v.id}`}>查看</Link> },
          ]}
        />
      </Card>

      <Typography.Title level={3} style={{ marginTop: 24 }}>
        人选
      </Typography.Title>
      <Card>
        <Tabs
          items={[
            {
              key: 'submitted',
              label: `待表决（${p.submitted.length}）`,
              children: <EntryTable entries={p.submitted} columns={entryColumns} width={600} />,
            },
            {
              key: 'included',
              label: `已列入（${p.included.length}）`,
              children: <EntryTable entries={p.included} columns={decidedColumns} width={800} />,
            },
            {
              key: 'excluded',
              label: `未列入（${p.excluded.length}）`,
              children: <EntryTable entries={p.excluded} columns={decidedColumns} width={800} />,
            },
          ]}
        />
      </Card>
    </>
  );
}

/** One tab of a plan's entries. */
function EntryTable({
  entries,
  columns,
  width,
}: {
  entries: PlanEntry[];
  columns: TableColumnsType<PlanEntry>;
  width: number;
}) {
  return <Table rowKey="candidateId" dataSource={entries} columns={columns} pagination={false} scroll={{ x: width }} />;
}

function AddEntries({ plan }: { plan: Schemas['Plan'] }) {
  const orgs = useOrganizations();
  // A committee sees only its own subtree, not the department the plan belongs to.
  const within = orgs.byId.has(plan.orgId) ? plan.orgId : undefined;
  const [form] = Form.useForm<{ candidateIds: string[] }>();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const add = useMutation({
    mutationFn: (v: { candidateIds: string[] }) =>
      ok(
        api.POST('/api/plans/{id}/entries', {
          params: { path: { id: plan.id } },
          body: { candidateIds: v.candidateIds },
        }),
      ),
    onSuccess: () => {
      message.success('已报送');
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ['plans'] });
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          PLAN_QUOTA_EXCEEDED: 'candidateIds',
          WRONG_STAGE: 'candidateIds',
          CANDIDATE_NOT_IN_ORG: 'candidateIds',
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        报送人选
      </Typography.Title>
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ candidateIds: [] }}
          onFinish={(v) => {
            setProblems([]);
            add.mutate(v);
          }}
        >
          <Form.Item
            label="列入计划的人选"
            name="candidateIds"
            extra="入党申请人、入党积极分子或发展对象；已报送的不会重复报送"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一人' }]}
          >
            <CandidateSelect multiple stages={PLANNABLE} orgId={within} />
          </Form.Item>
          <FormProblems problems={problems} />
          <FormActions label="报送" pending={add.isPending} />
        </Form>
      </Card>
    </>
  );
}

interface VoteForm {
  meetingDate: Dayjs;
  mode: 'paper' | 'electronic';
  bodySize: number;
}

/** The organizers' meeting on every entry awaiting a decision (SPEC §11: level committee, purpose plan). */
function OpenPlanVote({ plan }: { plan: Schemas['Plan'] }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<VoteForm>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const create = useMutation({
    mutationFn: (v: VoteForm) =>
      ok(
        api.POST('/api/votes', {
          body: {
            level: 'committee',
            purpose: 'plan',
            orgId: plan.orgId,
            planId: plan.id,
            meetingDate: v.meetingDate.format('YYYY-MM-DD'),
            mode: v.mode,
            bodySize: v.bodySize,
          },
        }),
      ),
    onSuccess: (vote) => {
      void queries.invalidateQueries({ queryKey: ['votes'] });
      void queries.invalidateQueries({ queryKey: ['plans'] });
      navigate(`/votes/${vote.id}`);
    },
    onError: (err) => setProblems(showApiError(form, err, { DATE_IN_FUTURE: 'meetingDate' })),
  });
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        发起计划表决
      </Button>
      <Modal
        open={open}
        title={`组织员会议票决：${plan.year}年度发展计划`}
        okText="发起表决"
        cancelText="取消"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          对待表决的 {plan.submitted.length} 名人选逐一表决；发起后在“表决”中登记到会人数、计票并结束表决。
        </Typography.Paragraph>
        <Form<VoteForm>
          form={form}
          layout="vertical"
          initialValues={{ meetingDate: dayjs(), mode: 'paper' }}
          onFinish={(v) => {
            setProblems([]);
            create.mutate(v);
          }}
        >
          <Form.Item label="会议日期" name="meetingDate" rules={[{ required: true, message: '请选择会议日期' }]}>
            <DatePicker format="YYYY年M月D日" allowClear={false} />
          </Form.Item>
          <Form.Item label="表决方式" name="mode" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'paper', label: '纸质选票' },
                { value: 'electronic', label: '电子选票' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="全体组织员人数"
            name="bodySize"
            extra="赞成票须达到全体组织员（不论是否到会）的三分之二以上"
            rules={[{ required: true, type: 'integer', min: 1, message: '请填写全体组织员人数' }]}
          >
            <InputNumber min={1} precision={0} suffix="人" style={{ width: 160 }} />
          </Form.Item>
          <FormProblems problems={problems} />
        </Form>
      </Modal>
    </>
  );
}
