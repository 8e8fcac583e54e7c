import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { api, ok, type Schemas, type SessionUser } from '../../api/client';
import { useSession } from '../../auth/session';
import { FormActions, FormProblems, showApiError } from '../../common/api-form';
import { dateTimeZh, ROLE_ZH } from '../../common/format';
import { errorText, OrgSelect, useOrganizations, AreaGate, TAG_COLOR } from '../../common/pickers';
import { FilterBar, OrgFilter, PAGE_SIZE, PagedTable, useFilter } from '../../common/lists';
import { DetailFallback, DetailHeader, NewButton, PageHeader } from '../../common/page';
import NotFound from '../NotFound';

type User = Schemas['User'];
type Role = User['role'];
type AccountEvent = Schemas['AccountEvent'];

const MIN_PASSWORD = 10;
const ALL_ROLES: Role[] = ['admin', 'department', 'committee', 'branch', 'reviewer'];
/** SPEC §14: a department manages the roles below its own, within its subtree; an admin, everyone. */
const BELOW_DEPARTMENT: Role[] = ['committee', 'branch', 'reviewer'];
const EVENT_ZH: Record<AccountEvent['type'], string> = {
  created: '创建账号',
  updated: '修改账号',
  'password-reset': '重置密码',
  'password-changed': '本人修改密码',
  login: '登录',
  'login-failed': '登录失败',
  logout: '退出登录',
};
const FIELD_ZH: Record<string, string> = {
  username: '用户名',
  name: '姓名',
  role: '角色',
  orgId: '所属组织',
  disabled: '停用',
};

function manageableRoles(me: SessionUser | null): Role[] {
  if (me?.role === 'admin') return ALL_ROLES;
  if (me?.role === 'department') return BELOW_DEPARTMENT;
  return [];
}

/** SPEC §14: accounts — list, create, edit, disable/enable, reset password, the audit trail. */
export default function UsersArea() {
  return (
    <AreaGate area="/users">
      <Routes>
        <Route index element={<UserList />} />
        <Route path="new" element={<NewUser />} />
        <Route path=":id" element={<UserDetail />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AreaGate>
  );
}

function UserList() {
  const orgs = useOrganizations();
  const [page, setPage] = useState(1);
  const [role, setRole] = useFilter<Role | undefined>(undefined, setPage);
  const [orgId, setOrgId] = useFilter<string | undefined>(undefined, setPage);
  const list = useQuery({
    queryKey: ['users', 'list', { role, orgId, page }],
    queryFn: () => ok(api.GET('/api/users', { params: { query: { role, orgId, page, limit: PAGE_SIZE } } })),
  });
  return (
    <>
      <PageHeader title="账号管理">
        <NewButton to="new">新建账号</NewButton>
      </PageHeader>
      <Card>
        <FilterBar>
          <Select
            aria-label="角色"
            allowClear
            placeholder="全部角色"
            value={role}
            onChange={setRole}
            options={ALL_ROLES.map((r) => ({ value: r, label: ROLE_ZH[r] }))}
            style={{ width: 160 }}
          />
          <OrgFilter value={orgId} onChange={setOrgId} />
        </FilterBar>
        <PagedTable<User>
          list={list}
          page={page}
          onPage={setPage}
          unit="个账号"
          scroll={{ x: 700 }}
          columns={[
            {
              title: '用户名',
              dataIndex: 'username',
              render: (username: string, u) => <Link to={u.id}>{username}</Link>,
            },
            { title: '姓名', dataIndex: 'name' },
            { title: '角色', dataIndex: 'role', render: (r: Role) => ROLE_ZH[r] },
            {
              title: '所属组织',
              dataIndex: 'orgId',
              render: (id: string | null) => (id ? orgs.name(id) || '—' : '全部（不限组织）'),
            },
            {
              title: '状态',
              dataIndex: 'disabled',
              render: (d: boolean) =>
                d ? <Tag color={TAG_COLOR.red}>已停用</Tag> : <Tag color={TAG_COLOR.green}>正常</Tag>,
            },
            { title: '建立时间', dataIndex: 'createdAt', render: dateTimeZh, responsive: ['xl'] },
          ]}
        />
      </Card>
    </>
  );
}

interface UserForm {
  username: string;
  name: string;
  role: Role;
  orgId?: string;
  password: string;
  confirm: string;
}

const passwordRules = [
  { required: true, message: '请设置密码' },
  { min: MIN_PASSWORD, message: `密码至少 ${MIN_PASSWORD} 个字符` },
  { max: 128, message: '密码最多 128 个字符' },
];
const confirmRules = [
  { required: true, message: '请再输入一次密码' },
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: string) =>
      !value || value === getFieldValue('password')
        ? Promise.resolve()
        : Promise.reject(new Error('两次输入的密码不一致')),
  }),
];

function NewUser() {
  const { user } = useSession();
  const [form] = Form.useForm<UserForm>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const role = Form.useWatch('role', form);
  const roles = manageableRoles(user);
  const create = useMutation({
    mutationFn: (v: UserForm) =>
      ok(
        api.POST('/api/users', {
          body: {
            username: v.username.trim(),
            name: v.name.trim(),
            role: v.role,
            orgId: v.orgId,
            password: v.password,
          },
        }),
      ),
    onSuccess: (u) => {
      message.success(`已建立账号 ${u.username}，请将初始密码当面告知本人`);
      void queries.invalidateQueries({ queryKey: ['users'] });
      navigate(`/users/${u.id}`);
    },
    onError: (err) => setProblems(showApiError(form, err, { ORG_REQUIRED: 'orgId' })),
  });
  return (
    <>
      <Typography.Title level={2}>新建账号</Typography.Title>
      <Card style={{ maxWidth: 640 }}>
        <Form<UserForm>
          form={form}
          layout="vertical"
          initialValues={{ role: roles.includes('branch') ? 'branch' : roles[0] }}
          onFinish={(v) => {
            setProblems([]);
            create.mutate(v);
          }}
        >
          <Form.Item
            label="用户名"
            name="username"
            extra="3–32 个字母、数字或 _ . -，以字母或数字开头；登录时不区分大小写"
            rules={[
              { required: true, message: '请填写用户名' },
              {
                pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/,
                message: '用户名为 3–32 个字母、数字或 _ . -，以字母或数字开头',
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="姓名"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 100 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={roles.map((r) => ({ value: r, label: ROLE_ZH[r] }))} />
          </Form.Item>
          <Form.Item
            label="所属组织"
            name="orgId"
            extra={
              role === 'admin' ? '系统管理员可不属于任何组织（管理全部组织）' : '账号只能办理本组织及下级组织的事务'
            }
            rules={[{ required: role !== 'admin', message: '请选择所属组织' }]}
          >
            <OrgSelect allowClear />
          </Form.Item>
          <Form.Item label="初始密码" name="password" rules={passwordRules} extra={`至少 ${MIN_PASSWORD} 个字符`}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="确认密码" name="confirm" dependencies={['password']} rules={confirmRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <FormProblems problems={problems} />
          <FormActions label="建立账号" pending={create.isPending} cancelTo="/users" />
        </Form>
      </Card>
    </>
  );
}

function formatChange(field: string, value: unknown, orgName: (id: string) => string): string {
  if (value === null || value === undefined) return '（无）';
  if (field === 'role') return ROLE_ZH[String(value)] ?? String(value);
  if (field === 'orgId') return orgName(String(value)) || String(value);
  if (field === 'disabled') return value ? '已停用' : '正常';
  return String(value);
}

function UserDetail() {
  const { id } = useParams();
  const { user: me } = useSession();
  const orgs = useOrganizations();
  const account = useQuery({
    queryKey: ['users', 'one', id],
    queryFn: () => ok(api.GET('/api/users/{id}', { params: { path: { id: id! } } })),
  });
  const events = useQuery({
    queryKey: ['users', 'events', id],
    queryFn: () => ok(api.GET('/api/users/{id}/events', { params: { path: { id: id! } } })),
  });
  const back = { to: '/users', label: '返回账号列表' };
  if (!account.data)
    return <DetailFallback loading={account.isLoading} title="账号不存在或不在您的管辖范围内" back={back} />;
  const u = account.data;
  const manageable = manageableRoles(me).includes(u.role);
  return (
    <>
      <DetailHeader
        title={
          <>
            账号：{u.name}（{u.username}）
          </>
        }
        back={back}
      />
      <Card style={{ marginTop: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { label: '用户名', children: u.username },
            { label: '姓名', children: u.name },
            { label: '角色', children: ROLE_ZH[u.role] },
            { label: '所属组织', children: u.orgId ? orgs.name(u.orgId) || u.orgId : '全部（不限组织）' },
            {
              label: '状态',
              children: u.disabled ? <Tag color={TAG_COLOR.red}>已停用</Tag> : <Tag color={TAG_COLOR.green}>正常</Tag>,
            },
            { label: '建立时间', children: dateTimeZh(u.createdAt) },
            { label: '最近修改', children: dateTimeZh(u.updatedAt) },
          ]}
        />
        {manageable ? (
          <AccountActions account={u} self={me?.id === u.id} />
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            组织部只能管理党委、党支部和回访员账号。
          </Typography.Paragraph>
        )}
      </Card>
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        操作记录
      </Typography.Title>
      <Table<AccountEvent>
        rowKey={(e, i) => `${e.at}-${i}`}
        loading={events.isLoading}
        dataSource={events.data}
        scroll={{ x: 700 }}
        pagination={(events.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        columns={[
          { title: '时间', dataIndex: 'at', width: 180, render: dateTimeZh },
          {
            title: '事项',
            dataIndex: 'type',
            width: 130,
            render: (t: AccountEvent['type']) =>
              t === 'login-failed' ? <Tag color={TAG_COLOR.red}>{EVENT_ZH[t]}</Tag> : (EVENT_ZH[t] ?? t),
          },
          { title: '操作人', dataIndex: 'actor', width: 140 },
          {
            title: '变更内容',
            dataIndex: 'changes',
            render: (changes: AccountEvent['changes']) =>
              Object.entries(changes ?? {})
                .map(([field, pair]) => {
                  const [from, to] = Array.isArray(pair) ? pair : [undefined, pair];
                  const label = FIELD_ZH[field] ?? field;
                  return from === null || from === undefined
                    ? `${label}：${formatChange(field, to, orgs.name)}`
                    : `${label}：${formatChange(field, from, orgs.name)} → ${formatChange(field, to, orgs.name)}`;
                })
                .join('；') || '—',
          },
        ]}
      />
    </>
  );
}

function AccountActions({ account, self }: { account: User; self: boolean }) {
  const queries = useQueryClient();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [resetting, setResetting] = useState(false);
  const toggle = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: account.id } },
          body: { disabled: !account.disabled },
        }),
      ),
    onSuccess: (u) => {
      message.success(u.disabled ? '账号已停用，其登录已失效' : '账号已启用');
      void queries.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (err) => modal.error({ title: '未能办理', content: errorText(err) }),
  });
  return (
    <Space wrap style={{ marginTop: 16 }} className="no-print">
      <Button onClick={() => setEditing(true)}>修改账号</Button>
      <Button onClick={() => setResetting(true)}>重置密码</Button>
      {!self &&
        (account.disabled ? (
          <Button loading={toggle.isPending} onClick={() => toggle.mutate()}>
            启用账号
          </Button>
        ) : (
          <Popconfirm
            title="停用账号"
            description="停用后该账号立即退出登录，且不能再登录。确定停用？"
            okText="停用"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => toggle.mutate()}
          >
            <Button danger loading={toggle.isPending}>
              停用账号
            </Button>
          </Popconfirm>
        ))}
      {editing && <EditModal account={account} self={self} onClose={() => setEditing(false)} />}
      {resetting && <ResetModal account={account} self={self} onClose={() => setResetting(false)} />}
    </Space>
  );
}

interface EditForm {
  name: string;
  role: Role;
  orgId?: string;
}

function EditModal({ account, self, onClose }: { account: User; self: boolean; onClose(): void }) {
  const { user } = useSession();
  const [form] = Form.useForm<EditForm>();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const role = Form.useWatch('role', form);
  const save = useMutation({
    mutationFn: (v: EditForm) => {
      const body: Schemas['UpdateUserDto'] = {};
      if (v.name.trim() !== account.name) body.name = v.name.trim();
      if (v.role !== account.role) body.role = v.role;
      const orgId = v.orgId ?? null;
      if (orgId !== account.orgId) body.orgId = orgId;
      return ok(api.PATCH('/api/users/{id}', { params: { path: { id: account.id } }, body }));
    },
    onSuccess: () => {
      message.success('账号已修改');
      void queries.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (err) => setProblems(showApiError(form, err, { ORG_REQUIRED: 'orgId' })),
  });
  return (
    <Modal
      open
      title={`修改账号：${account.username}`}
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={self ? '修改本人的角色或组织后须重新登录' : '修改角色或所属组织后，该账号的登录立即失效，须重新登录'}
      />
      <Form<EditForm>
        form={form}
        layout="vertical"
        initialValues={{ name: account.name, role: account.role, orgId: account.orgId ?? undefined }}
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
        <Form.Item label="角色" name="role" rules={[{ required: true }]}>
          <Select options={manageableRoles(user).map((r) => ({ value: r, label: ROLE_ZH[r] }))} />
        </Form.Item>
        <Form.Item
          label="所属组织"
          name="orgId"
          rules={[{ required: role !== 'admin', message: '请选择所属组织' }]}
          extra={role === 'admin' ? '不选：管理全部组织' : undefined}
        >
          <OrgSelect allowClear />
        </Form.Item>
        <FormProblems problems={problems} />
      </Form>
    </Modal>
  );
}

function ResetModal({ account, self, onClose }: { account: User; self: boolean; onClose(): void }) {
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<{ code: string; message: string }[]>([]);
  const reset = useMutation({
    mutationFn: (v: { password: string }) =>
      ok(
        api.POST('/api/users/{id}/password', { params: { path: { id: account.id } }, body: { password: v.password } }),
      ),
    onSuccess: () => {
      message.success('密码已重置，该账号须用新密码重新登录');
      void queries.invalidateQueries({ queryKey: ['users', 'events', account.id] });
      onClose();
    },
    onError: (err) => setProblems(showApiError(form, err)),
  });
  return (
    <Modal
      open
      title={`重置密码：${account.username}`}
      okText="重置密码"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reset.isPending}
    >
      <Typography.Paragraph type="secondary">
        重置后该账号的全部登录立即失效{self ? '（包括您现在的登录）' : ''}。请将新密码当面告知本人。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblems([]);
          reset.mutate(v);
        }}
      >
        <Form.Item label="新密码" name="password" rules={passwordRules} extra={`至少 ${MIN_PASSWORD} 个字符`}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认新密码" name="confirm" dependencies={['password']} rules={confirmRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <FormProblems problems={problems} />
      </Form>
    </Modal>
  );
}
