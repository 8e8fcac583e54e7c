import { useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Spin,
  Switch,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { FormProblems, showApiError } from '../../common/api-form';
import { ImportButton } from '../../common/file-actions';
import { dateZh, isoDate } from '../../common/format';
import {
  ORG_KIND_ZH,
  orgForest,
  useOrganizations,
  type OrgKind,
  type OrgNode,
  AreaGate,
  TAG_COLOR,
} from '../../common/pickers';
import { DetailFallback, PageHeader, PageSpin } from '../../common/page';
import NotFound from '../NotFound';

type Member = Schemas['Member'];
type Organization = Schemas['Organization'];

/** Which kind may sit under which (the service's rule; README "Rules decisions"). */
const CHILD_KINDS: Record<OrgKind, OrgKind[]> = {
  department: ['department', 'committee'],
  committee: ['committee', 'general_branch', 'branch'],
  general_branch: ['branch'],
  branch: [],
};

/** SPEC §12/§14: the organization tree, an organization's children, a branch's roster. */
export default function OrganizationsArea() {
  return (
    <AreaGate area="/organizations">
      <Routes>
        <Route index element={<Home />} />
        <Route path=":id" element={<OrgPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

/** Opens the user's own organization (or the first root, for an administrator). */
function Home() {
  const { user } = useSession();
  const orgs = useOrganizations();
  if (orgs.isLoading) return <PageSpin />;
  const first = user?.orgId && orgs.byId.has(user.orgId) ? user.orgId : orgForest(orgs.items)[0]?.org.id;
  if (first) return <Navigate to={`/organizations/${first}`} replace />;
  return (
    <>
      <Typography.Title level={2}>组织与花名册</Typography.Title>
      <Empty description="还没有组织" />
      {user?.role === 'admin' && <NewOrgButton parent={null} />}
    </>
  );
}

interface TreeNode {
  key: string;
  title: string;
  children: TreeNode[];
}

function OrgTree({ selected }: { selected: string }) {
  const orgs = useOrganizations();
  const navigate = useNavigate();
  const treeData = useMemo(() => {
    const convert = (n: OrgNode): TreeNode => ({
      key: n.org.id,
      title: n.org.name,
      children: n.children.map(convert),
    });
    return orgForest(orgs.items).map(convert);
  }, [orgs.items]);
  if (orgs.isLoading) return <Spin />;
  return (
    <nav aria-label="组织树">
      <Tree
        treeData={treeData}
        defaultExpandAll
        selectedKeys={[selected]}
        onSelect={(keys) => keys[0] && navigate(`/organizations/${String(keys[0])}`)}
        blockNode
      />
    </nav>
  );
}

function OrgPage() {
  const { id } = useParams();
  const { user, atLeast } = useSession();
  const orgs = useOrganizations();
  const org = useQuery({
    queryKey: ['organizations', 'one', id],
    queryFn: () => ok(api.GET('/api/organizations/{id}', { params: { path: { id: id! } } })),
  });
  const o = org.data;
  const parent = o?.parentId ? orgs.byId.get(o.parentId) : undefined;
  return (
    <>
      <PageHeader title="组织与花名册">{user?.role === 'admin' && <NewOrgButton parent={null} />}</PageHeader>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={6}>
          <Card title="组织树" size="small">
            <OrgTree selected={id!} />
          </Card>
        </Col>
        <Col xs={24} xl={18}>
          {!o ? (
            <DetailFallback loading={org.isLoading} title="组织不存在或不在您的管辖范围内" />
          ) : (
            <>
              <Card>
                <Flex justify="space-between" align="center" wrap gap={8}>
                  <Typography.Title level={3} style={{ margin: 0 }}>
                    {o.name}
                  </Typography.Title>
                  {atLeast('department') && CHILD_KINDS[o.kind].length > 0 && <NewOrgButton parent={o} />}
                </Flex>
                <Descriptions
                  style={{ marginTop: 12 }}
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { label: '类别', children: ORG_KIND_ZH[o.kind] },
                    {
                      label: '上级组织',
                      children: parent ? <Link to={`/organizations/${parent.id}`}>{parent.name}</Link> : '—',
                    },
                  ]}
                />
              </Card>
              {o.children.length > 0 && (
                <>
                  <Typography.Title level={3} style={{ marginTop: 24 }}>
                    下级组织（{o.children.length}）
                  </Typography.Title>
                  <Table<Organization>
                    rowKey="id"
                    size="small"
                    dataSource={o.children}
                    pagination={o.children.length > 20 ? { pageSize: 20 } : false}
                    columns={[
                      {
                        title: '名称',
                        dataIndex: 'name',
                        render: (name: string, c) => <Link to={`/organizations/${c.id}`}>{name}</Link>,
                      },
                      { title: '类别', dataIndex: 'kind', render: (k: OrgKind) => ORG_KIND_ZH[k] },
                    ]}
                  />
                </>
              )}
              {o.kind === 'branch' && <Roster org={o} />}
            </>
          )}
        </Col>
      </Row>
    </>
  );
}

function NewOrgButton({ parent }: { parent: Organization | null }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ name: string; kind: OrgKind }>();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const kinds: OrgKind[] = parent ? CHILD_KINDS[parent.kind] : ['department'];
  const create = useMutation({
    mutationFn: (v: { name: string; kind: OrgKind }) =>
      ok(api.POST('/api/organizations', { body: { name: v.name, kind: v.kind, parentId: parent?.id } })),
    onSuccess: (org) => {
      message.success(`已建立${org.name}`);
      setOpen(false);
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ['organizations'] });
      navigate(`/organizations/${org.id}`);
    },
    onError: (err) => setProblems(showApiError(form, err, { ORG_PARENT_INVALID: 'kind' })),
  });
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} className="no-print">
        {parent ? '新建下级组织' : '新建顶级组织'}
      </Button>
      <Modal
        open={open}
        title={parent ? `在${parent.name}下新建组织` : '新建顶级组织'}
        okText="建立"
        cancelText="取消"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: kinds[kinds.length - 1] }}
          onFinish={(v) => {
            setProblems([]);
            create.mutate(v);
          }}
        >
          <Form.Item
            label="名称"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写组织名称' }, { max: 200 }]}
          >
            <Input placeholder="如 县教育局机关党支部" />
          </Form.Item>
          <Form.Item label="类别" name="kind" rules={[{ required: true }]}>
            <Radio.Group options={kinds.map((k) => ({ value: k, label: ORG_KIND_ZH[k] }))} />
          </Form.Item>
          <FormProblems problems={problems} />
        </Form>
      </Modal>
    </>
  );
}

function Roster({ org }: { org: Organization }) {
  const { atLeast } = useSession();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Member | 'new' | null>(null);
  const members = useQuery({
    queryKey: ['members', org.id],
    queryFn: () =>
      ok(api.GET('/api/organizations/{id}/members', { params: { path: { id: org.id }, query: { limit: 500 } } })),
  });
  const items = members.data?.items ?? [];
  const canEdit = atLeast('branch');
  const voting = items.filter((m) => m.hasVote).length;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 24 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          党员花名册
        </Typography.Title>
        {canEdit && (
          <Flex gap={8} wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} className="no-print">
              登记党员
            </Button>
            <ImportButton
              label="导入党员"
              path={`/api/organizations/${org.id}/members/import`}
              template="/api/templates/members.xlsx"
              onImported={() => {
                // The roster as this page and the member pickers (candidates, votes) hold it.
                void queries.invalidateQueries({ queryKey: ['members', org.id] });
                void queries.invalidateQueries({ queryKey: ['organizations', org.id, 'members'] });
              }}
            />
          </Flex>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        共 {members.data?.total ?? 0} 人，其中有表决权的正式党员 {voting} 人（计入支部大会应到会人数）。
      </Typography.Paragraph>
      <Table<Member>
        rowKey="id"
        loading={members.isLoading}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          {
            title: '类别',
            dataIndex: 'status',
            render: (s: Member['status'], m) => (
              <>
                {s === 'formal' ? '正式党员' : <Tag color={TAG_COLOR.orange}>预备党员</Tag>}
                {m.candidateId && (
                  <Link to={`/candidates/${m.candidateId}`} style={{ marginInlineStart: 4 }}>
                    发展档案
                  </Link>
                )}
              </>
            ),
          },
          {
            title: '表决权',
            dataIndex: 'votingRights',
            render: (v: boolean, m) =>
              m.hasVote ? '有' : v ? '无（预备党员）' : <Tag color={TAG_COLOR.red}>无（留党察看）</Tag>,
          },
          { title: '入党日期', dataIndex: 'joinedOn', render: dateZh },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, m: Member) => (
                    <Button type="link" size="small" onClick={() => setEditing(m)} aria-label={`修改${m.name}`}>
                      修改
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <MemberModal org={org} member={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

interface MemberForm {
  name: string;
  status: Member['status'];
  votingRights: boolean;
  joinedOn?: Dayjs;
}

function MemberModal({ org, member, onClose }: { org: Organization; member: Member | null; onClose(): void }) {
  const [form] = Form.useForm<MemberForm>();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const queries = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: MemberForm) =>
      member
        ? ok(
            api.PATCH('/api/members/{id}', {
              params: { path: { id: member.id } },
              body: { name: v.name, status: v.status, votingRights: v.votingRights },
            }),
          )
        : ok(
            api.POST('/api/organizations/{id}/members', {
              params: { path: { id: org.id } },
              body: { name: v.name, status: v.status, votingRights: v.votingRights, joinedOn: isoDate(v.joinedOn)! },
            }),
          ),
    onSuccess: (m) => {
      message.success(member ? `已修改${m.name}的信息` : `已登记${m.name}`);
      void queries.invalidateQueries({ queryKey: ['members', org.id] });
      onClose();
    },
    onError: (err) => setProblems(showApiError(form, err, { DATE_IN_FUTURE: 'joinedOn' })),
  });
  return (
    <Modal
      open
      title={member ? `修改党员信息：${member.name}` : `登记党员：${org.name}`}
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form<MemberForm>
        form={form}
        layout="vertical"
        initialValues={
          member
            ? { name: member.name, status: member.status, votingRights: member.votingRights }
            : { status: 'formal', votingRights: true, joinedOn: undefined }
        }
        onFinish={(v) => {
          setProblems([]);
          save.mutate(v);
        }}
      >
        <Form.Item
          label="姓名"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="类别" name="status" rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'formal', label: '正式党员' },
              { value: 'probationary', label: '预备党员' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="表决权"
          name="votingRights"
          valuePropName="checked"
          extra="受留党察看处分期间没有表决权；预备党员没有表决权"
        >
          <Switch checkedChildren="有" unCheckedChildren="无" />
        </Form.Item>
        {!member && (
          <Form.Item label="入党日期" name="joinedOn" rules={[{ required: true, message: '请选择入党日期' }]}>
            <DatePicker format="YYYY年M月D日" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        )}
        <FormProblems problems={problems} />
      </Form>
    </Modal>
  );
}
