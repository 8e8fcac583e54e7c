import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
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
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { FormActions, FormProblems, showApiError } from '../../common/api-form';
import { DownloadButton } from '../../common/file-actions';
import { dateZh, isoDate } from '../../common/format';
import {
  CandidateSelect,
  GENDER_ZH,
  OrgSelect,
  errorText,
  useOrganizations,
  AreaGate,
  TAG_COLOR,
} from '../../common/pickers';
import { FilterBar, OrgFilter, PAGE_SIZE, PagedTable, useFilter } from '../../common/lists';
import { DetailFallback, NewButton, PageHeader } from '../../common/page';
import NotFound from '../NotFound';

type Notice = Schemas['Notice'];

const KIND_ZH: Record<Notice['kind'], string> = { admission: '接收预备党员', conversion: '预备党员转正' };

/** SPEC §6: publicity notices — create, list, close, print (the public page /notices/:id). */
export default function PublicityArea() {
  return (
    <AreaGate area="/publicity">
      <Routes>
        <Route index element={<NoticeList />} />
        <Route path="new" element={<NewNotice />} />
        <Route path=":id" element={<NoticeDetail />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

function NoticeStatus({ notice }: { notice: Pick<Notice, 'status' | 'acceptingComplaints'> }) {
  if (notice.status === 'closed') return <Tag>已结束</Tag>;
  return notice.acceptingComplaints ? (
    <Tag color={TAG_COLOR.green}>公示中</Tag>
  ) : (
    <Tag color={TAG_COLOR.orange}>公示期满，待结束</Tag>
  );
}

/** The public page prints on one A4 page without its complaint form (the service's print stylesheet). */
function PrintLink({ notice }: { notice: Pick<Notice, 'url' | 'id'> }) {
  return (
    <a href={notice.url || `/notices/${notice.id}`} target="_blank" rel="noreferrer" className="no-print">
      <PrinterOutlined /> 打印公示
    </a>
  );
}

function useCloseNotice(id: string) {
  const queries = useQueryClient();
  const { message, modal } = App.useApp();
  return useMutation({
    mutationFn: () => ok(api.POST('/api/publicity/{id}/close', { params: { path: { id } } })),
    onSuccess: () => {
      message.success('公示已结束');
      void queries.invalidateQueries({ queryKey: ['publicity'] });
      void queries.invalidateQueries({ queryKey: ['candidates'] });
    },
    onError: (err) => modal.error({ title: '未能结束公示', content: errorText(err) }),
  });
}

function CloseButton({ notice }: { notice: Notice }) {
  const close = useCloseNotice(notice.id);
  if (notice.status !== 'open') return null;
  // SPEC §6: a notice closes only once today is after its end.
  if (dayjs().format('YYYY-MM-DD') <= notice.end)
    return (
      <Tooltip title={`公示期满（${dateZh(notice.end)}）后方可结束`}>
        <Button size="small" disabled className="no-print">
          结束公示
        </Button>
      </Tooltip>
    );
  return (
    <Popconfirm
      title="结束公示"
      description={`公示期至${dateZh(notice.end)}，结束后不再受理网上反映。确定结束？`}
      okText="结束公示"
      cancelText="取消"
      onConfirm={() => close.mutate()}
    >
      <Button size="small" loading={close.isPending} className="no-print">
        结束公示
      </Button>
    </Popconfirm>
  );
}

function NoticeList() {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useFilter<'open' | 'closed' | undefined>('open', setPage);
  const [kind, setKind] = useFilter<Notice['kind'] | undefined>(undefined, setPage);
  const [orgId, setOrgId] = useFilter<string | undefined>(undefined, setPage);
  const list = useQuery({
    queryKey: ['publicity', 'list', { status, kind, orgId, page }],
    queryFn: () =>
      ok(api.GET('/api/publicity', { params: { query: { status, kind, orgId, page, limit: PAGE_SIZE } } })),
  });
  return (
    <>
      <PageHeader title="公示">
        <NewButton to="new">发布公示</NewButton>
      </PageHeader>
      <Card>
        <FilterBar>
          <Radio.Group
            aria-label="状态"
            value={status ?? 'all'}
            onChange={(e) => setStatus(e.target.value === 'all' ? undefined : e.target.value)}
            optionType="button"
            options={[
              { value: 'open', label: '公示中' },
              { value: 'closed', label: '已结束' },
              { value: 'all', label: '全部' },
            ]}
          />
          <Select
            aria-label="类别"
            allowClear
            placeholder="全部类别"
            value={kind}
            onChange={setKind}
            options={Object.entries(KIND_ZH).map(([value, label]) => ({ value, label }))}
            style={{ width: 160 }}
          />
          <OrgFilter value={orgId} onChange={setOrgId} />
        </FilterBar>
        <PagedTable<Notice>
          list={list}
          page={page}
          onPage={setPage}
          unit="条"
          scroll={{ x: 720 }}
          columns={[
            {
              title: '公示',
              dataIndex: 'title',
              width: 220,
              render: (title: string, n) => <Link to={n.id}>{title}</Link>,
            },
            { title: '发布单位', dataIndex: 'issuer', width: 160, responsive: ['xl'] },
            {
              title: '类别',
              dataIndex: 'kind',
              width: 130,
              responsive: ['xl'],
              render: (k: Notice['kind']) => KIND_ZH[k],
            },
            {
              title: '公示期',
              key: 'window',
              width: 200,
              render: (_, n) => `${dateZh(n.startDate)}至${dateZh(n.end)}（${n.days}天）`,
            },
            { title: '人数', dataIndex: 'candidateCount', width: 60, align: 'right' },
            { title: '状态', key: 'status', width: 130, render: (_, n) => <NoticeStatus notice={n} /> },
            {
              title: '操作',
              key: 'actions',
              width: 110,
              render: (_, n) => (
                <Space orientation="vertical" size={4}>
                  <PrintLink notice={n} />
                  <CloseButton notice={n} />
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

function NoticeDetail() {
  const { id } = useParams();
  const orgs = useOrganizations();
  const notice = useQuery({
    queryKey: ['publicity', 'one', id],
    queryFn: () => ok(api.GET('/api/publicity/{id}', { params: { path: { id: id! } } })),
  });
  if (!notice.data)
    return (
      <DetailFallback
        loading={notice.isLoading}
        title="公示不存在或不在您的管辖范围内"
        back={{ to: '/publicity', label: '返回公示列表' }}
      />
    );
  const n = notice.data;
  return (
    <>
      <Typography.Title level={2}>{n.title}</Typography.Title>
      <Space style={{ marginBottom: 16 }} className="no-print">
        <Link to="/publicity">返回公示列表</Link>
        <PrintLink notice={n} />
        <DownloadButton path={`/api/publicity/${n.id}/notice.docx`} size="small">
          下载公示通知 Word
        </DownloadButton>
        <CloseButton notice={n} />
      </Space>
      <Card>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { label: '发布单位', children: n.issuer },
            { label: '组织', children: orgs.name(n.orgId) },
            { label: '类别', children: KIND_ZH[n.kind] },
            { label: '状态', children: <NoticeStatus notice={n} /> },
            { label: '公示期', children: `${dateZh(n.startDate)}至${dateZh(n.end)}（共${n.days}天）` },
            { label: '结束日期', children: dateZh(n.closedOn) || '—' },
            { label: '联系电话', children: n.channels.phone || '—' },
            { label: '来信来访地址', children: n.channels.address || '—' },
            { label: '网上反映', children: n.channels.online ? '公示网页在线提交' : '—' },
            {
              label: '公示网页',
              children: (
                <a href={n.url} target="_blank" rel="noreferrer">
                  {n.url}
                </a>
              ),
            },
          ]}
        />
      </Card>
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        公示对象
      </Typography.Title>
      <Table
        rowKey="candidateId"
        dataSource={n.candidates}
        pagination={false}
        scroll={{ x: 600 }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/candidates/${c.candidateId}`}>{name}</Link>,
          },
          { title: '性别', dataIndex: 'gender', render: (g: 'male' | 'female') => GENDER_ZH[g] },
          {
            title: '出生年月',
            dataIndex: 'birthYearMonth',
            render: (ym: string) => dayjs(`${ym}-01`).format('YYYY年M月'),
          },
          { title: '学历', dataIndex: 'education', render: (v: string | null) => v ?? '—' },
          { title: '工作单位', dataIndex: 'workUnit', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

interface NoticeForm {
  orgId: string;
  kind: Notice['kind'];
  candidateIds: string[];
  startDate: Dayjs;
  days?: number;
  phone?: string;
  address?: string;
  online: boolean;
}

function NewNotice() {
  const [form] = Form.useForm<NoticeForm>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const orgId = Form.useWatch('orgId', form);
  const kind = Form.useWatch('kind', form);
  const create = useMutation({
    mutationFn: (v: NoticeForm) =>
      ok(
        api.POST('/api/publicity', {
          body: {
            orgId: v.orgId,
            kind: v.kind,
            candidateIds: v.candidateIds,
            startDate: isoDate(v.startDate)!,
            days: v.days ?? undefined,
            channels: {
              phone: v.phone?.trim() || undefined,
              address: v.address?.trim() || undefined,
              online: v.online ? true : undefined,
            },
          },
        }),
      ),
    onSuccess: (notice) => {
      message.success('公示已发布');
      void queries.invalidateQueries({ queryKey: ['publicity'] });
      void queries.invalidateQueries({ queryKey: ['candidates'] });
      navigate(`/publicity/${notice.id}`);
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          PUBLICITY_DAYS_OUT_OF_RANGE: 'days',
          DATE_IN_FUTURE: 'startDate',
          CANDIDATE_NOT_IN_ORG: 'candidateIds',
        }),
      ),
  });
  return (
    <>
      <Typography.Title level={2}>发布公示</Typography.Title>
      <Card style={{ maxWidth: 760 }}>
        <Form<NoticeForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'admission', startDate: dayjs(), online: true, candidateIds: [] }}
          onFinish={(v) => {
            setProblems([]);
            create.mutate(v);
          }}
        >
          <Form.Item label="发布组织" name="orgId" rules={[{ required: true, message: '请选择发布公示的党组织' }]}>
            <OrgSelect placeholder="党支部，或为多个支部统一公示的上级党组织" />
          </Form.Item>
          <Form.Item label="公示类别" name="kind" rules={[{ required: true }]}>
            <Radio.Group
              onChange={() => form.setFieldValue('candidateIds', [])}
              options={[
                { value: 'admission', label: '拟发展为预备党员（发展对象）' },
                { value: 'conversion', label: '拟转为正式党员（预备党员）' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="公示对象"
            name="candidateIds"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名公示对象' }]}
          >
            <CandidateSelect
              multiple
              orgId={orgId}
              stages={[kind === 'conversion' ? 'probationary' : 'development_object']}
              disabled={!orgId}
              placeholder={orgId ? '输入姓名查找' : '先选择发布组织'}
            />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item label="公示开始日期" name="startDate" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker format="YYYY年M月D日" allowClear={false} />
            </Form.Item>
            <Form.Item
              label="公示天数"
              name="days"
              extra="不填按规则默认天数（一般为 7 天，最长 15 天）"
              rules={[{ type: 'integer', min: 1, max: 60, message: '天数须为正整数' }]}
            >
              <InputNumber min={1} max={60} precision={0} placeholder="7" suffix="天" style={{ width: 140 }} />
            </Form.Item>
          </Flex>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            群众反映渠道
          </Typography.Title>
          <Typography.Paragraph type="secondary">联系电话与来信来访地址至少填写一项。</Typography.Paragraph>
          <Form.Item
            label="联系电话"
            name="phone"
            dependencies={['address']}
            rules={[
              { max: 50, message: '最多 50 个字符' },
              ({ getFieldValue }) => ({
                validator: (_, value?: string) =>
                  value?.trim() || (getFieldValue('address') as string | undefined)?.trim()
                    ? Promise.resolve()
                    : Promise.reject(new Error('请填写联系电话或来信来访地址')),
              }),
            ]}
          >
            <Input placeholder="如 0571-8888 1234" />
          </Form.Item>
          <Form.Item label="来信来访地址" name="address" rules={[{ max: 200, message: '最多 200 个字符' }]}>
            <Input placeholder="如 县委组织部组织科（县行政中心 3 楼）" />
          </Form.Item>
          <Form.Item name="online" valuePropName="checked">
            <Checkbox>在公示网页上受理网上反映</Checkbox>
          </Form.Item>
          <FormProblems problems={problems} />
          <FormActions label="发布公示" pending={create.isPending} cancelTo="/publicity" />
        </Form>
      </Card>
    </>
  );
}
