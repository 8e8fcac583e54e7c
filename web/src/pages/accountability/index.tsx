import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { FormActions, FormProblems, showApiError } from '../../common/api-form';
import { DownloadButton } from '../../common/file-actions';
import { dateTimeZh, dateZh, isoDate } from '../../common/format';
import {
  CandidateSelect,
  MemberSelect,
  OrgSelect,
  errorText,
  useOrganizations,
  AreaGate,
  TAG_COLOR,
} from '../../common/pickers';
import { FilterBar, OrgFilter, PAGE_SIZE, PagedTable } from '../../common/lists';
import { DetailFallback, DetailHeader, NewButton, PageHeader } from '../../common/page';
import NotFound from '../NotFound';

type AccRecord = Schemas['AccountabilityRecord'];
type Status = AccRecord['status'];
type Handling = Schemas['DecideDto']['handling'];

const STATUS: Record<Status, { label: string; color?: string }> = {
  filed: { label: '已登记', color: TAG_COLOR.blue },
  investigating: { label: '调查核实中', color: TAG_COLOR.orange },
  decided: { label: '已作出处理决定', color: TAG_COLOR.purple },
  closed: { label: '已结案', color: undefined },
  dismissed: { label: '不予追究', color: undefined },
};
const HANDLING_ZH: Record<Handling, string> = {
  criticism: '批评教育',
  self_examination: '责令书面检查',
  circulated_criticism: '通报批评',
  admonition_talk: '诫勉谈话',
  post_adjustment: '组织调整',
  transfer_to_discipline: '移送纪检监察机关',
};
const SOURCE_ZH: Record<AccRecord['source'], string> = { manual: '人工登记', system: '系统发现' };
const EVENT_ZH: Record<string, string> = {
  filed: '登记',
  investigate: '开始调查核实',
  investigating: '开始调查核实',
  decide: '作出处理决定',
  decided: '作出处理决定',
  close: '结案',
  closed: '结案',
  dismiss: '不予追究',
  dismissed: '不予追究',
};
const MISMATCH_ZH: Record<string, string> = {
  record: '记录与台账所载不一致',
  vote_session: '表决结果所载台账链头与台账不符',
};

/** SPEC §9: accountability records, their lifecycle, and the verification of the ledger. */
export default function AccountabilityArea() {
  return (
    <AreaGate area="/accountability">
      <Routes>
        <Route index element={<RecordList />} />
        <Route path="new" element={<NewRecord />} />
        <Route path=":id" element={<RecordDetail />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

function useCatalog() {
  return useQuery({
    queryKey: ['accountability', 'catalog'],
    queryFn: () => ok(api.GET('/api/accountability/catalog')),
    staleTime: Infinity,
  });
}

function situationOptions(catalog: Schemas['AccountabilityCatalog'] | undefined) {
  return (catalog?.categories ?? []).map((cat) => ({
    label: `${cat.code}类：${cat.title}`,
    title: cat.title,
    options: cat.situations.map((s) => ({
      value: s.code,
      label: `${s.code} ${s.title}${s.detectable ? '（系统可发现）' : ''}`,
    })),
  }));
}

function StatusTag({ status }: { status: Status }) {
  return <Tag color={STATUS[status].color}>{STATUS[status].label}</Tag>;
}

function LedgerCheck() {
  const [open, setOpen] = useState(false);
  const verify = useQuery({
    queryKey: ['accountability', 'ledger'],
    queryFn: () => ok(api.GET('/api/accountability/ledger/verify')),
    enabled: open,
    staleTime: 0,
  });
  const v = verify.data;
  return (
    <>
      <Button
        icon={<SafetyCertificateOutlined />}
        onClick={() => {
          setOpen(true);
          if (open) void verify.refetch();
        }}
        loading={verify.isFetching}
      >
        校验台账
      </Button>
      <Modal
        open={open}
        title="责任追究台账校验"
        onCancel={() => setOpen(false)}
        footer={<Button onClick={() => setOpen(false)}>关闭</Button>}
      >
        {verify.isFetching && <Spin />}
        {verify.error && <Alert type="error" showIcon title={errorText(verify.error)} />}
        {v && !verify.isFetching && (
          <>
            <Alert
              type={v.ok ? 'success' : 'error'}
              showIcon
              title={v.ok ? '台账完整：哈希链、签名与各条记录一致' : '台账校验未通过：台账或记录可能被改动，请立即报告'}
              style={{ marginBottom: 12 }}
            />
            <Descriptions
              size="small"
              column={1}
              items={[
                { label: '条目数', children: v.length },
                {
                  label: '链头哈希',
                  children: <code style={{ wordBreak: 'break-all' }}>{v.head}</code>,
                },
                ...(v.firstBroken !== undefined ? [{ label: '首个异常条目', children: `第 ${v.firstBroken} 条` }] : []),
              ]}
            />
            {v.mismatches.length > 0 && (
              <Table
                size="small"
                rowKey={(m) => `${m.kind}:${m.id}`}
                pagination={false}
                dataSource={v.mismatches}
                columns={[
                  { title: '问题', dataIndex: 'kind', render: (k: string) => MISMATCH_ZH[k] ?? k },
                  {
                    title: '对象',
                    dataIndex: 'id',
                    render: (id: string, m) =>
                      m.kind === 'record' ? (
                        <Link to={`/accountability/${id}`}>查看记录</Link>
                      ) : m.kind === 'vote_session' ? (
                        <Link to={`/votes/${id}`}>查看表决</Link>
                      ) : (
                        <code>{id}</code>
                      ),
                  },
                ]}
              />
            )}
          </>
        )}
      </Modal>
    </>
  );
}

function RecordList() {
  const [params, setParams] = useSearchParams();
  const { atLeast } = useSession();
  const orgs = useOrganizations();
  const catalog = useCatalog();
  const status = (params.get('status') as Status | null) ?? undefined;
  const situation = params.get('situation') ?? undefined;
  const source = (params.get('source') as AccRecord['source'] | null) ?? undefined;
  const orgId = params.get('orgId') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: ['accountability', 'records', { status, situation, source, orgId, page }],
    queryFn: () =>
      ok(
        api.GET('/api/accountability/records', {
          params: { query: { status, situation, source, orgId, page, limit: PAGE_SIZE } },
        }),
      ),
  });
  return (
    <>
      <PageHeader title="责任追究">
        <Space wrap>
          <DownloadButton path="/api/accountability/records/export.xlsx" query={{ status, situation, source, orgId }}>
            导出 Excel
          </DownloadButton>
          <LedgerCheck />
          {atLeast('committee') && <NewButton to="new">登记责任追究</NewButton>}
        </Space>
      </PageHeader>
      <Card>
        <FilterBar>
          <Select
            aria-label="状态"
            allowClear
            placeholder="全部状态"
            value={status}
            onChange={(v) => set('status', v)}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
            style={{ width: 160 }}
          />
          <Select
            aria-label="情形"
            allowClear
            placeholder="全部情形"
            value={situation}
            onChange={(v) => set('situation', v)}
            options={situationOptions(catalog.data)}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 300 }}
          />
          <Select
            aria-label="来源"
            allowClear
            placeholder="全部来源"
            value={source}
            onChange={(v) => set('source', v)}
            options={Object.entries(SOURCE_ZH).map(([value, label]) => ({ value, label }))}
            style={{ width: 130 }}
          />
          <OrgFilter value={orgId} onChange={(v) => set('orgId', v)} />
        </FilterBar>
        <PagedTable<AccRecord>
          list={list}
          page={page}
          onPage={(p) => set('page', String(p))}
          unit="条"
          scroll={{ x: 740 }}
          columns={[
            {
              title: '编号',
              dataIndex: 'number',
              width: 80,
              render: (n: number, r) => <Link to={r.id}>第 {n} 号</Link>,
            },
            {
              title: '情形',
              key: 'situation',
              render: (_, r) => (
                <Link to={r.id}>
                  {r.situation} {r.situationTitle}
                </Link>
              ),
            },
            {
              title: '责任主体',
              key: 'subject',
              width: 180,
              render: (_, r) => [orgs.name(r.subject.orgId), r.subject.name].filter(Boolean).join(' · '),
            },
            { title: '发生日期', dataIndex: 'occurredOn', width: 130, render: dateZh },
            {
              title: '来源',
              dataIndex: 'source',
              width: 100,
              responsive: ['xl'],
              render: (s: AccRecord['source']) => SOURCE_ZH[s],
            },
            { title: '状态', dataIndex: 'status', width: 140, render: (s: Status) => <StatusTag status={s} /> },
          ]}
        />
      </Card>
    </>
  );
}

interface RecordForm {
  situation: string;
  orgId: string;
  memberId?: string;
  name?: string;
  candidateId?: string;
  occurredOn: Dayjs;
  facts: string;
}

function NewRecord() {
  const [form] = Form.useForm<RecordForm>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const catalog = useCatalog();
  const orgs = useOrganizations();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const orgId = Form.useWatch('orgId', form);
  const isBranch = orgs.byId.get(orgId ?? '')?.kind === 'branch';
  const create = useMutation({
    mutationFn: (v: RecordForm) =>
      ok(
        api.POST('/api/accountability/records', {
          body: {
            situation: v.situation,
            subject: { orgId: v.orgId, memberId: v.memberId, name: v.name?.trim() || undefined },
            candidateId: v.candidateId,
            occurredOn: isoDate(v.occurredOn)!,
            facts: v.facts,
          },
        }),
      ),
    onSuccess: (r) => {
      message.success(`已登记第 ${r.number} 号责任追究记录`);
      void queries.invalidateQueries({ queryKey: ['accountability'] });
      navigate(`/accountability/${r.id}`);
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          UNKNOWN_SITUATION: 'situation',
          DATE_IN_FUTURE: 'occurredOn',
          MEMBER_NOT_IN_ORG: 'memberId',
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={2}>登记责任追究</Typography.Title>
      <Card style={{ maxWidth: 760 }}>
        <Form<RecordForm>
          form={form}
          layout="vertical"
          initialValues={{ occurredOn: dayjs() }}
          onFinish={(v) => {
            setProblems([]);
            create.mutate(v);
          }}
        >
          <Form.Item label="情形" name="situation" rules={[{ required: true, message: '请选择追究情形' }]}>
            <Select
              options={situationOptions(catalog.data)}
              loading={catalog.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="三类情形 23 种情况"
            />
          </Form.Item>
          <Form.Item label="责任组织" name="orgId" rules={[{ required: true, message: '请选择被追究的党组织' }]}>
            <OrgSelect onChange={() => form.setFieldValue('memberId', undefined)} />
          </Form.Item>
          {isBranch && (
            <Form.Item label="责任人（花名册党员）" name="memberId" extra="追究党组织本身时不填">
              <MemberSelect orgId={orgId} allowClear />
            </Form.Item>
          )}
          <Form.Item
            label="责任人姓名"
            name="name"
            extra="不在花名册中的责任人（如组织员）填写姓名"
            rules={[{ max: 100 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label="涉及的发展对象" name="candidateId">
            <CandidateSelect orgId={orgId} placeholder="可不填；输入姓名查找" />
          </Form.Item>
          <Form.Item label="发生日期" name="occurredOn" rules={[{ required: true, message: '请选择发生日期' }]}>
            <DatePicker format="YYYY年M月D日" allowClear={false} />
          </Form.Item>
          <Form.Item
            label="事实经过"
            name="facts"
            rules={[
              { required: true, whitespace: true, message: '请填写事实经过' },
              { max: 5000, message: '最多 5000 个字符' },
            ]}
          >
            <Input.TextArea rows={5} showCount maxLength={5000} />
          </Form.Item>
          <FormProblems problems={problems} />
          <FormActions label="登记" pending={create.isPending} cancelTo="/accountability" />
        </Form>
      </Card>
    </>
  );
}

function RecordDetail() {
  const { id } = useParams();
  const orgs = useOrganizations();
  const record = useQuery({
    queryKey: ['accountability', 'record', id],
    queryFn: () => ok(api.GET('/api/accountability/records/{id}', { params: { path: { id: id! } } })),
  });
  const back = { to: '/accountability', label: '返回责任追究列表' };
  if (!record.data)
    return <DetailFallback loading={record.isLoading} title="记录不存在或不在您的管辖范围内" back={back} />;
  const r = record.data;
  return (
    <>
      <DetailHeader
        title={
          <>
            责任追究第 {r.number} 号：{r.situation} {r.situationTitle}
          </>
        }
        back={back}
      />
      <Card style={{ marginTop: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { label: '状态', children: <StatusTag status={r.status} /> },
            { label: '来源', children: SOURCE_ZH[r.source] },
            { label: '情形', children: `${r.situation} ${r.situationTitle}` },
            { label: '发生日期', children: dateZh(r.occurredOn) },
            { label: '责任组织', children: orgs.name(r.subject.orgId) || r.subject.orgId },
            { label: '责任人', children: r.subject.name || '—' },
            {
              label: '涉及的发展对象',
              children: r.candidateId ? <CandidateLink id={r.candidateId} /> : '—',
            },
            { label: '登记时间', children: dateTimeZh(r.createdAt) },
            { label: '事实经过', span: 'filled', children: <div style={{ whiteSpace: 'pre-wrap' }}>{r.facts}</div> },
            ...(r.decision
              ? [
                  {
                    label: '处理决定',
                    span: 'filled' as const,
                    children: `${r.decision.handlingTitle}（${r.decision.authority}，${dateZh(r.decision.decidedOn)}）`,
                  },
                ]
              : []),
            ...(r.dismissReason ? [{ label: '不予追究理由', span: 'filled' as const, children: r.dismissReason }] : []),
          ]}
        />
      </Card>
      <RecordActions record={r} />
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        办理经过（台账）
      </Typography.Title>
      <Card>
        <Timeline
          items={r.history.map((h) => ({
            content: (
              <>
                <Typography.Text strong>
                  {h.from
                    ? `${EVENT_ZH[h.event] ?? h.event}：${STATUS[h.from].label} → ${STATUS[h.to].label}`
                    : (EVENT_ZH[h.event] ?? h.event)}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {dateTimeZh(h.at)}，{h.actor.name}；台账第 {h.seq} 条，哈希 <code>{h.hash.slice(0, 16)}…</code>
                  </Typography.Text>
                </div>
              </>
            ),
          }))}
        />
      </Card>
    </>
  );
}

function CandidateLink({ id }: { id: string }) {
  const candidate = useQuery({
    queryKey: ['candidates', 'detail', id],
    queryFn: () => ok(api.GET('/api/candidates/{id}', { params: { path: { id } } })),
  });
  return <Link to={`/candidates/${id}`}>{candidate.data?.name ?? '查看'}</Link>;
}

function RecordActions({ record }: { record: Schemas['AccountabilityRecordDetail'] }) {
  const { atLeast } = useSession();
  const queries = useQueryClient();
  const { message, modal } = App.useApp();
  const [deciding, setDeciding] = useState(false);
  const [dismissing, setDismissing] = useState(false);
  const done = (text: string) => {
    message.success(text);
    void queries.invalidateQueries({ queryKey: ['accountability'] });
  };
  const fail = (err: unknown) => modal.error({ title: '未能办理', content: errorText(err) });
  const path = { params: { path: { id: record.id } } };
  const investigate = useMutation({
    mutationFn: () => ok(api.POST('/api/accountability/records/{id}/investigate', path)),
    onSuccess: () => done('已开始调查核实'),
    onError: fail,
  });
  const close = useMutation({
    mutationFn: () => ok(api.POST('/api/accountability/records/{id}/close', path)),
    onSuccess: () => done('已结案'),
    onError: fail,
  });
  const s = record.status;
  const canInvestigate = s === 'filed' && atLeast('committee');
  const canDecide = s === 'investigating' && atLeast('department');
  const canClose = s === 'decided' && atLeast('department');
  const canDismiss = (s === 'filed' || s === 'investigating') && atLeast('committee');
  if (!canInvestigate && !canDecide && !canClose && !canDismiss) return null;
  return (
    <Space wrap style={{ marginTop: 16 }} className="no-print">
      {canInvestigate && (
        <Button type="primary" loading={investigate.isPending} onClick={() => investigate.mutate()}>
          开始调查核实
        </Button>
      )}
      {canDecide && (
        <Button type="primary" onClick={() => setDeciding(true)}>
          作出处理决定
        </Button>
      )}
      {canClose && (
        <Popconfirm
          title="结案后不能再改变，确定结案？"
          okText="结案"
          cancelText="取消"
          onConfirm={() => close.mutate()}
        >
          <Button type="primary" loading={close.isPending}>
            结案
          </Button>
        </Popconfirm>
      )}
      {canDismiss && (
        <Button danger onClick={() => setDismissing(true)}>
          不予追究
        </Button>
      )}
      <DecideModal record={record} open={deciding} onClose={() => setDeciding(false)} onDone={done} />
      <DismissModal record={record} open={dismissing} onClose={() => setDismissing(false)} onDone={done} />
    </Space>
  );
}

interface ModalProps {
  record: AccRecord;
  open: boolean;
  onClose(): void;
  onDone(text: string): void;
}

function DecideModal({ record, open, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<{ handling: Handling; authority: string; decidedOn: Dayjs }>();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const decide = useMutation({
    mutationFn: (v: { handling: Handling; authority: string; decidedOn: Dayjs }) =>
      ok(
        api.POST('/api/accountability/records/{id}/decide', {
          params: { path: { id: record.id } },
          body: { handling: v.handling, authority: v.authority, decidedOn: isoDate(v.decidedOn)! },
        }),
      ),
    onSuccess: () => {
      onClose();
      onDone('处理决定已记录');
    },
    onError: (err) =>
      setProblems(showApiError(form, err, { DATE_IN_FUTURE: 'decidedOn', DATE_OUT_OF_ORDER: 'decidedOn' })),
  });
  return (
    <Modal
      open={open}
      title="作出处理决定"
      okText="记录决定"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decidedOn: dayjs() }}
        onFinish={(v) => {
          setProblems([]);
          decide.mutate(v);
        }}
      >
        <Form.Item label="处理方式" name="handling" rules={[{ required: true, message: '请选择处理方式' }]}>
          <Select options={Object.entries(HANDLING_ZH).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          label="决定机关"
          name="authority"
          rules={[{ required: true, whitespace: true, message: '请填写作出决定的机关或负责人' }, { max: 200 }]}
        >
          <Input placeholder="如 县委组织部部务会" />
        </Form.Item>
        <Form.Item label="决定日期" name="decidedOn" rules={[{ required: true, message: '请选择决定日期' }]}>
          <DatePicker format="YYYY年M月D日" allowClear={false} />
        </Form.Item>
        <FormProblems problems={problems} />
      </Form>
    </Modal>
  );
}

function DismissModal({ record, open, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const dismiss = useMutation({
    mutationFn: (v: { reason: string }) =>
      ok(
        api.POST('/api/accountability/records/{id}/dismiss', {
          params: { path: { id: record.id } },
          body: { reason: v.reason },
        }),
      ),
    onSuccess: () => {
      onClose();
      onDone('已作出不予追究决定');
    },
    onError: (err) => setProblems(showApiError(form, err)),
  });
  return (
    <Modal
      open={open}
      title="不予追究"
      okText="确定不予追究"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={dismiss.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblems([]);
          dismiss.mutate(v);
        }}
      >
        <Form.Item
          label="理由"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请填写不予追究的理由' }, { max: 2000 }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <FormProblems problems={problems} />
      </Form>
    </Modal>
  );
}
