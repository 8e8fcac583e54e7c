import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
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
  Radio,
  Select,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { FormActions, FormProblems, showApiError } from '../../common/api-form';
import { dateTimeZh, dateZh, isoDate } from '../../common/format';
import { CandidateSelect, AreaGate, TAG_COLOR } from '../../common/pickers';
import { FilterBar, OrgFilter, PAGE_SIZE, PagedTable, useFilter } from '../../common/lists';
import { DetailFallback, DetailHeader, NewButton, PageHeader } from '../../common/page';
import NotFound from '../NotFound';

type Complaint = Schemas['Complaint'];
type Finding = Schemas['VerificationDto']['finding'];

const CHANNEL_ZH: Record<Complaint['channel'], string> = {
  letter: '来信',
  visit: '来访',
  phone: '电话',
  online: '网上反映',
};
const SOURCE_ZH: Record<string, string> = { public: '公示网页', staff: '工作人员登记' };
const STATUS_ZH: Record<Complaint['status'], string> = { open: '待核实', verified: '已核实办结' };

/** SPEC §4.5: what each finding does to the candidate. */
const FINDING: Record<Finding, { label: string; effect: string }> = {
  unfounded: { label: '反映问题不属实', effect: '如期发展' },
  founded_minor: { label: '反映问题属实，情节较轻', effect: '暂缓发展' },
  founded_serious: { label: '反映问题属实，不宜发展', effect: '不予发展' },
  founded_grave: { label: '反映问题属实，情节严重', effect: '移交有关部门处理' },
  unclear: { label: '一时难以查清', effect: '暂缓发展，继续核实' },
};
const OUTCOME_ZH: Record<string, string> = {
  proceed: '如期发展',
  defer: '暂缓发展',
  reject: '不予发展',
  transfer: '移交有关部门',
};

const findingZh = (f: string | null) => (f ? (FINDING[f as Finding]?.label ?? f) : '');
const today = () => dayjs().format('YYYY-MM-DD');

/** SPEC §6: complaints and tip-offs — the inbox, staff entry of letters/visits/calls, verification. */
export default function ComplaintsArea() {
  return (
    <AreaGate area="/complaints">
      <Routes>
        <Route index element={<Inbox />} />
        <Route path="new" element={<NewComplaint />} />
        <Route path=":id" element={<ComplaintDetail />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

function DueTag({ c }: { c: Pick<Complaint, 'status' | 'due' | 'late'> }) {
  if (c.status === 'open' && c.due < today()) return <Tag color={TAG_COLOR.red}>已逾期 {dateZh(c.due)}</Tag>;
  if (c.status === 'open' && dayjs(c.due).diff(dayjs(), 'day') <= 2)
    return <Tag color={TAG_COLOR.orange}>{dateZh(c.due)}</Tag>;
  return (
    <span>
      {dateZh(c.due)}
      {c.late && (
        <Tag color={TAG_COLOR.red} style={{ marginInlineStart: 4 }}>
          超期核实
        </Tag>
      )}
    </span>
  );
}

function Inbox() {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useFilter<Complaint['status'] | undefined>('open', setPage);
  const [orgId, setOrgId] = useFilter<string | undefined>(undefined, setPage);
  const list = useQuery({
    queryKey: ['complaints', 'list', { status, orgId, page }],
    queryFn: () => ok(api.GET('/api/complaints', { params: { query: { status, orgId, page, limit: PAGE_SIZE } } })),
  });
  return (
    <>
      <PageHeader title="举报核查">
        <NewButton to="new">登记来信来访</NewButton>
      </PageHeader>
      <Card>
        <FilterBar>
          <Radio.Group
            aria-label="状态"
            optionType="button"
            value={status ?? 'all'}
            onChange={(e) => setStatus(e.target.value === 'all' ? undefined : e.target.value)}
            options={[
              { value: 'open', label: '待核实' },
              { value: 'verified', label: '已核实' },
              { value: 'all', label: '全部' },
            ]}
          />
          <OrgFilter value={orgId} onChange={setOrgId} />
        </FilterBar>
        <PagedTable<Complaint>
          list={list}
          page={page}
          onPage={setPage}
          unit="件"
          scroll={{ x: 740 }}
          columns={[
            { title: '收到日期', dataIndex: 'receivedOn', width: 130, render: dateZh },
            {
              title: '反映对象',
              dataIndex: 'candidateName',
              width: 110,
              render: (name: string | null, c) => <Link to={`/candidates/${c.candidateId}`}>{name ?? '（未知）'}</Link>,
            },
            {
              title: '渠道',
              dataIndex: 'channel',
              width: 90,
              responsive: ['xl'],
              render: (ch: Complaint['channel']) => CHANNEL_ZH[ch],
            },
            {
              title: '反映内容',
              dataIndex: 'content',
              ellipsis: true,
              render: (text: string, c) => <Link to={c.id}>{text}</Link>,
            },
            { title: '核实期限', key: 'due', width: 170, render: (_, c) => <DueTag c={c} /> },
            {
              title: '状态',
              key: 'status',
              width: 160,
              render: (_, c) =>
                c.status === 'open' ? (
                  <Tag color={TAG_COLOR.blue}>
                    {STATUS_ZH.open}
                    {c.round > 1 ? `（第${c.round}轮）` : ''}
                  </Tag>
                ) : (
                  <Tag>{c.outcome ? (OUTCOME_ZH[c.outcome] ?? c.outcome) : STATUS_ZH.verified}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}

interface ComplaintForm {
  candidateId: string;
  channel: Complaint['channel'];
  receivedOn: Dayjs;
  content: string;
  complainant?: string;
}

function NewComplaint() {
  const [form] = Form.useForm<ComplaintForm>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const create = useMutation({
    mutationFn: (v: ComplaintForm) =>
      ok(
        api.POST('/api/complaints', {
          body: {
            candidateId: v.candidateId,
            channel: v.channel,
            receivedOn: isoDate(v.receivedOn)!,
            content: v.content,
            complainant: v.complainant?.trim() || undefined,
          },
        }),
      ),
    onSuccess: (c) => {
      message.success(`已登记，请于${dateZh(c.due)}前核实`);
      void queries.invalidateQueries({ queryKey: ['complaints'] });
      void queries.invalidateQueries({ queryKey: ['candidates'] });
      navigate(`/complaints/${c.id}`);
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          DATE_IN_FUTURE: 'receivedOn',
          DATE_OUT_OF_ORDER: 'receivedOn',
          CANDIDATE_CLOSED: 'candidateId',
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={2}>登记来信来访</Typography.Title>
      <Card style={{ maxWidth: 760 }}>
        <Form<ComplaintForm>
          form={form}
          layout="vertical"
          initialValues={{ channel: 'letter', receivedOn: dayjs() }}
          onFinish={(v) => {
            setProblems([]);
            create.mutate(v);
          }}
        >
          <Form.Item label="反映对象" name="candidateId" rules={[{ required: true, message: '请选择被反映的人员' }]}>
            <CandidateSelect stages={['applicant', 'activist', 'development_object', 'probationary']} />
          </Form.Item>
          <Form.Item label="渠道" name="channel" rules={[{ required: true }]}>
            <Radio.Group options={Object.entries(CHANNEL_ZH).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="收到日期" name="receivedOn" rules={[{ required: true, message: '请选择收到日期' }]}>
            <DatePicker format="YYYY年M月D日" allowClear={false} />
          </Form.Item>
          <Form.Item
            label="反映内容"
            name="content"
            rules={[
              { required: true, whitespace: true, message: '请填写反映的问题' },
              { max: 10000, message: '最多 10000 个字符' },
            ]}
          >
            <Input.TextArea rows={5} showCount maxLength={10000} />
          </Form.Item>
          <Form.Item label="反映人" name="complainant" extra="匿名反映可不填" rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <FormProblems problems={problems} />
          <FormActions label="登记" pending={create.isPending} cancelTo="/complaints" />
        </Form>
      </Card>
    </>
  );
}

function ComplaintDetail() {
  const { id } = useParams();
  const complaint = useQuery({
    queryKey: ['complaints', 'one', id],
    queryFn: () => ok(api.GET('/api/complaints/{id}', { params: { path: { id: id! } } })),
  });
  const back = { to: '/complaints', label: '返回举报列表' };
  if (!complaint.data)
    return <DetailFallback loading={complaint.isLoading} title="举报不存在或不在您的管辖范围内" back={back} />;
  const c = complaint.data;
  return (
    <>
      <DetailHeader title={<>举报：{c.candidateName ?? ''}</>} back={back} />
      <Card style={{ marginTop: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            {
              label: '反映对象',
              children: <Link to={`/candidates/${c.candidateId}`}>{c.candidateName ?? c.candidateId}</Link>,
            },
            { label: '状态', children: STATUS_ZH[c.status] + (c.round > 1 ? `（第${c.round}轮核实）` : '') },
            { label: '渠道', children: `${CHANNEL_ZH[c.channel]}（${SOURCE_ZH[c.source] ?? c.source}）` },
            { label: '收到日期', children: dateZh(c.receivedOn) },
            { label: '核实期限', children: <DueTag c={c} /> },
            { label: '查询码', children: c.trackingCode },
            { label: '反映人', children: c.complainant || '匿名' },
            { label: '联系方式', children: c.contact || '—' },
            { label: '反映内容', span: 'filled', children: <div style={{ whiteSpace: 'pre-wrap' }}>{c.content}</div> },
          ]}
        />
      </Card>
      {c.verifications.length > 0 && (
        <>
          <Typography.Title level={3} style={{ marginTop: 24 }}>
            核实经过
          </Typography.Title>
          <Card>
            <Timeline
              items={c.verifications.map((v) => ({
                color: v.late ? TAG_COLOR.red : 'green',
                content: (
                  <>
                    <Typography.Text strong>
                      第{v.round}轮：{dateZh(v.verifiedOn)}，{findingZh(v.finding)}（
                      {OUTCOME_ZH[v.outcome] ?? v.outcome}）
                    </Typography.Text>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{v.summary}</div>
                    {v.reply && <div>答复反映人：{v.reply}</div>}
                    <Typography.Text type="secondary">
                      {v.verifiedBy.name}录入于{dateTimeZh(v.recordedAt)}
                      {v.late ? `；超过核实期限（${dateZh(v.due)}），已登记责任追究 B05` : ''}
                      {v.nextDue ? `；须于${dateZh(v.nextDue)}前再次核实` : ''}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          </Card>
        </>
      )}
      {c.status === 'open' && <VerificationForm complaint={c} />}
    </>
  );
}

interface VerifyForm {
  verifiedOn: Dayjs;
  finding: Finding;
  summary: string;
  reply?: string;
}

function VerificationForm({ complaint }: { complaint: Complaint }) {
  const [form] = Form.useForm<VerifyForm>();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const finding = Form.useWatch('finding', form);
  const verify = useMutation({
    mutationFn: (v: VerifyForm) =>
      ok(
        api.POST('/api/complaints/{id}/verification', {
          params: { path: { id: complaint.id } },
          body: {
            verifiedOn: isoDate(v.verifiedOn)!,
            finding: v.finding,
            summary: v.summary,
            reply: v.reply?.trim() || undefined,
          },
        }),
      ),
    onSuccess: () => {
      message.success('核实结果已录入');
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ['complaints'] });
      void queries.invalidateQueries({ queryKey: ['candidates'] });
    },
    onError: (err) =>
      setProblems(showApiError(form, err, { DATE_IN_FUTURE: 'verifiedOn', DATE_OUT_OF_ORDER: 'verifiedOn' })),
  });
  const overdue = complaint.due < today();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        录入核实结果
      </Typography.Title>
      <Card style={{ maxWidth: 760 }}>
        {overdue && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`核实期限${dateZh(complaint.due)}已过，按时限未核实将登记责任追究（B05）`}
          />
        )}
        <Form<VerifyForm>
          form={form}
          layout="vertical"
          initialValues={{ verifiedOn: dayjs() }}
          onFinish={(v) => {
            setProblems([]);
            verify.mutate(v);
          }}
        >
          <Form.Item label="核实日期" name="verifiedOn" rules={[{ required: true, message: '请选择核实日期' }]}>
            <DatePicker format="YYYY年M月D日" allowClear={false} />
          </Form.Item>
          <Form.Item
            label="核实结论"
            name="finding"
            rules={[{ required: true, message: '请选择核实结论' }]}
            extra={finding ? `处理：${FINDING[finding].effect}` : undefined}
          >
            <Select
              options={Object.entries(FINDING).map(([value, f]) => ({
                value,
                label: `${f.label}（${f.effect}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            label="核实情况"
            name="summary"
            rules={[{ required: true, whitespace: true, message: '请填写核实情况' }]}
          >
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
          <Form.Item label="答复反映人" name="reply" extra="反映人凭查询码可看到此答复" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <FormProblems problems={problems} />
          <Button type="primary" htmlType="submit" loading={verify.isPending}>
            提交核实结果
          </Button>
        </Form>
      </Card>
    </>
  );
}
