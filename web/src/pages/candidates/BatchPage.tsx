import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import { ApiError, api, ok } from '../../api/client';
import { useSession } from '../../auth/session';
import { FormProblems } from '../../common/api-form';
import { dateZh, STAGE_ZH } from '../../common/format';
import { COMMANDS, COMMAND_BY_NAME } from './commands';
import { useOrganizations, useRefreshAfterWrite, type Candidate } from './data';
import { CommandFields, initialValues, toBody } from './fields';
import { CLOSED, PIPELINE, STAGE_TONE, datesZh, type Stage } from './labels';
import { placeProblems, type Problem } from './problems';
import { StatusTag } from './StatusTag';

const { Title, Text } = Typography;

/** A violation of one candidate in a refused batch (SPEC §13). */
interface BatchViolation {
  candidateId?: string;
  name?: string;
  code: string;
  message: string;
}

/** 批量办理: one command for many candidates at once (all or nothing). */
export default function BatchPage() {
  const { atLeast } = useSession();
  const commands = COMMANDS.filter((c) => c.batch && atLeast(c.rank));
  const [command, setCommand] = useState(
    commands.find((c) => c.command === 'training')?.command ?? commands[0]?.command,
  );
  const def = COMMAND_BY_NAME.get(command ?? '');
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [filters, setFilters] = useState<{ orgId?: string; stage?: Stage; q?: string }>({
    stage: def?.stages?.[0] as Stage | undefined,
  });
  const [page, setPage] = useState({ page: 1, limit: 20 });
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [refused, setRefused] = useState<BatchViolation[]>([]);
  const [done, setDone] = useState<{ label: string; items: Candidate[] }>();
  const { organizations, byId } = useOrganizations();
  const refresh = useRefreshAfterWrite();
  const { message } = App.useApp();

  const list = useQuery({
    queryKey: ['candidates', 'list', filters, page.page, page.limit],
    queryFn: () => ok(api.GET('/api/candidates', { params: { query: { ...filters, ...page } } })),
    placeholderData: keepPreviousData,
  });

  const mutation = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      ok(api.POST('/api/candidates/batch', { body: { command: command!, candidateIds: [...selected.keys()], input } })),
    onSuccess: (answer) => {
      refresh();
      setDone({ label: def!.label, items: answer.items });
      setSelected(new Map());
      void message.success(`已为 ${answer.items.length} 人办理：${def!.label}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 422 && err.violations.length) {
        // The service names each candidate in its message too ("周子涵：…"); the list names them once.
        const listed = (err.violations as BatchViolation[]).map((v) => ({
          ...v,
          message: v.name && v.message.startsWith(`${v.name}：`) ? v.message.slice(v.name.length + 1) : v.message,
        }));
        setRefused(listed);
        // A violation about a date of the form is also shown at that date (once, whoever it concerns).
        placeProblems(form, new ApiError(422, err.code, err.message, listed));
        setProblems([]);
      } else setProblems(placeProblems(form, err, { prefix: 'input.' }));
    },
  });

  if (!def) return <Empty description="您的角色没有可批量办理的事项" />;

  const choose = (next: string) => {
    const d = COMMAND_BY_NAME.get(next)!;
    setCommand(next);
    setFilters((f) => ({ ...f, stage: d.stages?.[0] as Stage | undefined }));
    setPage((p) => ({ ...p, page: 1 }));
    setProblems([]);
    setRefused([]);
    setDone(undefined);
    form.resetFields();
    form.setFieldsValue(initialValues(d.fields));
  };

  return (
    <div>
      <Title level={2}>批量办理</Title>
      <Text>
        同一事项（如五十人参加同一期集中培训）一次登记给多人：全部符合条件才办理，任何一人不符合则都不办理，并逐人列出问题。
      </Text>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title={`选择人员（已选 ${selected.size} 人）`} size="small">
            <Form layout="vertical" aria-label="筛选人员">
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item label="组织" htmlFor="batch-org">
                    <Select
                      id="batch-org"
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      placeholder="全部"
                      value={filters.orgId}
                      onChange={(orgId) => {
                        setFilters((f) => ({ ...f, orgId }));
                        setPage((p) => ({ ...p, page: 1 }));
                      }}
                      options={organizations.map((o) => ({ value: o.id, label: o.name }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item label="阶段" htmlFor="batch-stage">
                    <Select
                      id="batch-stage"
                      allowClear
                      placeholder="全部"
                      value={filters.stage}
                      onChange={(stage) => {
                        setFilters((f) => ({ ...f, stage }));
                        setPage((p) => ({ ...p, page: 1 }));
                      }}
                      options={[...PIPELINE, ...CLOSED].map((s) => ({ value: s, label: STAGE_ZH[s] }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item label="姓名" htmlFor="batch-q">
                    <Input.Search
                      id="batch-q"
                      allowClear
                      placeholder="姓名关键字"
                      onSearch={(q) => {
                        setFilters((f) => ({ ...f, q: q.trim() || undefined }));
                        setPage((p) => ({ ...p, page: 1 }));
                      }}
                    />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
            <Table<Candidate>
              rowKey="id"
              size="small"
              loading={list.isFetching}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: '没有符合条件的人员' }}
              rowSelection={{
                preserveSelectedRowKeys: true,
                selectedRowKeys: [...selected.keys()],
                onChange: (keys, rows) => {
                  const next = new Map<string, string>();
                  for (const k of keys) {
                    const name = rows.find((r) => r?.id === k)?.name ?? selected.get(String(k));
                    next.set(String(k), name ?? '');
                  }
                  setSelected(next);
                },
              }}
              pagination={{
                current: page.page,
                pageSize: page.limit,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100, 500],
                showTotal: (t) => `共 ${t} 人`,
                onChange: (p, limit) => setPage({ page: limit !== page.limit ? 1 : p, limit }),
              }}
              columns={[
                {
                  title: '姓名',
                  dataIndex: 'name',
                  render: (n: string, c) => <Link to={`/candidates/${c.id}`}>{n}</Link>,
                },
                {
                  title: '阶段',
                  dataIndex: 'stage',
                  render: (s: Stage, c) => (
                    <Space size={4}>
                      <StatusTag tone={STAGE_TONE[s]}>{STAGE_ZH[s]}</StatusTag>
                      {c.deferred && <StatusTag tone="orange">暂缓</StatusTag>}
                    </Space>
                  ),
                },
                { title: '所在党支部', dataIndex: 'orgId', render: (id: string) => byId.get(id)?.name ?? '—' },
                { title: '申请日期', dataIndex: 'applicationDate', render: (d: string) => dateZh(d) },
              ]}
            />
          </Card>
        </Col>

        <Col xs={24} xl={10}>
          <Card title="办理事项" size="small">
            <Form
              form={form}
              layout="vertical"
              initialValues={initialValues(def.fields)}
              onFinish={(values) => {
                setProblems([]);
                setRefused([]);
                setDone(undefined);
                if (!selected.size) return setProblems([{ code: 'NONE', message: '请先在左侧选择人员' }]);
                if (selected.size > 500) return setProblems([{ code: 'TOO_MANY', message: '一次最多办理 500 人' }]);
                mutation.mutate(toBody(def.fields, values));
              }}
            >
              <Form.Item label="事项" htmlFor="batch-command">
                <Select
                  id="batch-command"
                  value={command}
                  onChange={choose}
                  options={commands.map((c) => ({ value: c.command, label: c.label }))}
                />
              </Form.Item>
              <CommandFields key={def.command} fields={def.fields} />
              <FormProblems problems={problems} />
              {refused.length > 0 && (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  style={{ marginBottom: 16 }}
                  title={`未办理：${new Set(refused.map((v) => v.candidateId ?? v.name)).size} 人不符合条件，全部未办理`}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label="不符合条件的人员">
                      {refused.map((v, i) => (
                        <li key={i}>
                          {v.candidateId ? <Link to={`/candidates/${v.candidateId}`}>{v.name}</Link> : v.name}
                          {v.name ? '：' : ''}
                          {datesZh(v.message)}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
              {done && (
                <Alert
                  type="success"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={`已为 ${done.items.length} 人办理：${done.label}`}
                  description={done.items.map((c) => c.name).join('、')}
                />
              )}
              <Button type="primary" htmlType="submit" loading={mutation.isPending} disabled={!selected.size}>
                为选中的 {selected.size} 人办理
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
