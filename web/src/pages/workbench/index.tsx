import { Link, useNavigate } from 'react-router-dom';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Row, Space, Statistic, Table, Typography } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  FileSearchOutlined,
  PlusOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { api, ok, type Schemas } from '../../api/client';
import { useSession, useUser } from '../../auth/session';
import { ROLE_ZH, dateZh, STAGE_ZH } from '../../common/format';
import { useOrganizations } from '../candidates/data';
import { CLOSED, DEADLINE_ZH, PIPELINE, daysFromToday, type Stage } from '../candidates/labels';
import { StatusTag, ToneText } from '../candidates/StatusTag';

const { Title, Text } = Typography;
type OverdueItem = Schemas['OverdueItem'];

/** 工作台: what is overdue and due soon in the user's scope, how many are at each stage, and where to start. */
export default function Workbench() {
  const user = useUser();
  const { atLeast } = useSession();
  const { byId } = useOrganizations();
  const staff = atLeast('branch');
  const scope = user.orgId ? byId.get(user.orgId)?.name : '全部组织';

  return (
    <>
      <Title level={2}>工作台</Title>
      <Text>
        {user.name}（{ROLE_ZH[user.role]}）{scope ? ` · ${scope}` : ''}
      </Text>

      <Shortcuts />

      <Title level={3} style={{ marginTop: 24 }}>
        各阶段人数
      </Title>
      <StageCounts />

      {staff ? <Deadlines /> : <ProbationList />}
    </>
  );
}

function Shortcuts() {
  const { atLeast } = useSession();
  const navigate = useNavigate();
  const go = (path: string) => () => navigate(path);
  return (
    <nav aria-label="快捷入口" style={{ marginTop: 16 }}>
      <Space wrap>
        {atLeast('branch') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={go('/candidates/new')}>
            新建入党申请
          </Button>
        )}
        {atLeast('branch') && (
          <Button icon={<TeamOutlined />} onClick={go('/candidates/batch')}>
            批量办理
          </Button>
        )}
        <Button icon={<UnorderedListOutlined />} onClick={go('/candidates')}>
          人员列表
        </Button>
        {atLeast('branch') && (
          <Button icon={<FileSearchOutlined />} onClick={go('/publicity')}>
            公示
          </Button>
        )}
        {atLeast('branch') && (
          <Button icon={<AuditOutlined />} onClick={go('/votes')}>
            表决
          </Button>
        )}
        {atLeast('committee') && (
          <Button icon={<AlertOutlined />} onClick={go('/complaints')}>
            举报核查
          </Button>
        )}
        <Button icon={<SolutionOutlined />} onClick={go('/probation')}>
          {atLeast('branch') ? '预备期考察' : '记录回访'}
        </Button>
      </Space>
    </nav>
  );
}

type Counts = Record<Stage, number>;

/** Staff read the funnel report (one request); a reviewer, who may not, counts through the list. */
function useStageCounts(): { counts?: Counts; flow?: Schemas['FunnelReport']['flow']; error?: Error | null } {
  const { atLeast } = useSession();
  const staff = atLeast('branch');
  const year = new Date().getFullYear();
  const funnel = useQuery({
    queryKey: ['reports', 'funnel', year],
    queryFn: () => ok(api.GET('/api/reports/funnel', { params: { query: { year } } })),
    enabled: staff,
  });
  const stages = [...PIPELINE, ...CLOSED];
  const totals = useQueries({
    queries: stages.map((stage) => ({
      queryKey: ['candidates', 'count', stage],
      queryFn: () => ok(api.GET('/api/candidates', { params: { query: { stage, limit: 1 } } })),
      enabled: !staff,
    })),
  });
  if (staff) return { counts: funnel.data?.current, flow: funnel.data?.flow, error: funnel.error };
  if (totals.some((t) => !t.data)) return { error: totals.find((t) => t.error)?.error };
  return { counts: Object.fromEntries(stages.map((s, i) => [s, totals[i].data!.total])) as Counts };
}

function StageCounts() {
  const { counts, flow, error } = useStageCounts();
  if (error) return <Alert type="error" showIcon title={`人数统计未能加载：${error.message}`} />;
  const closed = counts ? CLOSED.reduce((n, s) => n + counts[s], 0) : undefined;
  // 已终止 sums four stages (不予发展, 撤回, 取消资格, 移交), which no single list filter shows.
  const cards: { key: string; title: string; value?: number; to?: string }[] = [
    ...PIPELINE.map((s) => ({ key: s, title: STAGE_ZH[s], value: counts?.[s], to: `/candidates?stage=${s}` })),
    { key: 'closed', title: '已终止', value: closed },
  ];
  return (
    <>
      <Row gutter={[12, 12]}>
        {cards.map((c) => {
          const card = (
            <Card size="small" hoverable={!!c.to}>
              <Statistic
                title={c.title}
                value={c.value ?? '—'}
                suffix={c.value !== undefined ? '人' : undefined}
                loading={!counts}
              />
            </Card>
          );
          return (
            <Col key={c.key} xs={12} sm={8} lg={4}>
              {c.to ? (
                <Link to={c.to} aria-label={`${c.title} ${c.value ?? ''} 人`}>
                  {card}
                </Link>
              ) : (
                card
              )}
            </Col>
          );
        })}
      </Row>
      {flow && (
        <p style={{ marginTop: 12 }}>
          {new Date().getFullYear()}年以来：收到入党申请 {flow.applications} 份，确定入党积极分子 {flow.activists}{' '}
          名、发展对象 {flow.developmentObjects} 名，接收预备党员 {flow.probationary} 名，转为正式党员{' '}
          {flow.fullMembers} 名。
        </p>
      )}
    </>
  );
}

/** Where a deadline is dealt with: complaints and notices have their own areas. */
function handleAt(item: OverdueItem): string | undefined {
  if (item.kind === 'complaint') return '/complaints';
  if (item.kind === 'publicity_end') return '/publicity';
  return item.candidateId ? `/candidates/${item.candidateId}` : undefined;
}

function Deadlines() {
  const { byId } = useOrganizations();
  const { atLeast } = useSession();
  const report = useQuery({
    queryKey: ['reports', 'overdue'],
    queryFn: () => ok(api.GET('/api/reports/overdue', { params: { query: { limit: 500 } } })),
  });
  const items = [...(report.data?.items ?? [])].sort((a, b) =>
    a.status === b.status ? a.dueOn.localeCompare(b.dueOn) : a.status === 'overdue' ? -1 : 1,
  );
  const overdue = items.filter((i) => i.status === 'overdue').length;
  const soon = items.length - overdue;

  return (
    <>
      <Flex align="baseline" gap={16} wrap style={{ marginTop: 24 }}>
        <Title level={3} style={{ margin: 0 }}>
          逾期与近期到期事项
        </Title>
        {report.data && (
          <span>
            <ToneText tone="red" strong>
              已逾期 {overdue} 项
            </ToneText>
            ，14 天内到期 {soon} 项
            {report.data.total > items.length ? `（共 ${report.data.total} 项，此处列出前 ${items.length} 项）` : ''}
          </span>
        )}
      </Flex>
      {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginTop: 12 }} />}
      <Table<OverdueItem>
        style={{ marginTop: 12 }}
        rowKey="deadlineId"
        size="middle"
        loading={report.isPending}
        dataSource={items}
        scroll={{ x: 720 }}
        pagination={items.length > 10 ? { pageSize: 10, showTotal: (t) => `共 ${t} 项` } : false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有逾期或 14 天内到期的事项" />,
        }}
        columns={[
          {
            title: '状态',
            dataIndex: 'status',
            width: 130,
            render: (status: OverdueItem['status'], item) => {
              const days = daysFromToday(item.dueOn);
              return status === 'overdue' ? (
                <StatusTag tone="red">已逾期{days < 0 ? ` ${-days} 天` : ''}</StatusTag>
              ) : (
                <StatusTag tone="orange">{days <= 0 ? '今天到期' : `还有 ${days} 天`}</StatusTag>
              );
            },
          },
          { title: '事项', dataIndex: 'kind', render: (k: OverdueItem['kind']) => DEADLINE_ZH[k] ?? k },
          {
            title: '人员',
            dataIndex: 'candidateName',
            render: (name: string | null, item) =>
              item.candidateId ? <Link to={`/candidates/${item.candidateId}`}>{name}</Link> : (name ?? '—'),
          },
          {
            title: '期限',
            dataIndex: 'dueOn',
            width: 140,
            render: (d: string, item) => (
              <ToneText tone={item.status === 'overdue' ? 'red' : 'grey'} strong={item.status === 'overdue'}>
                {dateZh(d)}
              </ToneText>
            ),
          },
          { title: '所在组织', dataIndex: 'orgId', render: (id: string) => byId.get(id)?.name ?? '—' },
          {
            title: '办理',
            key: 'go',
            width: 90,
            render: (_, item) => {
              const to = handleAt(item);
              if (!to || (item.kind === 'complaint' && !atLeast('committee'))) return null;
              return <Link to={to}>去办理</Link>;
            },
          },
        ]}
      />
    </>
  );
}

/** A reviewer's workbench: the probationary members to visit, with the end of their probation. */
function ProbationList() {
  const { byId } = useOrganizations();
  const list = useQuery({
    queryKey: ['candidates', 'list', { stage: 'probationary' }, 1, 100],
    queryFn: () => ok(api.GET('/api/candidates', { params: { query: { stage: 'probationary', limit: 100 } } })),
  });
  return (
    <>
      <Title level={3} style={{ marginTop: 24 }}>
        预备党员（回访对象）
      </Title>
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '暂无预备党员' }}
        columns={[
          { title: '姓名', dataIndex: 'name', render: (n: string, c) => <Link to={`/candidates/${c.id}`}>{n}</Link> },
          { title: '所在党支部', dataIndex: 'orgId', render: (id: string) => byId.get(id)?.name ?? '—' },
          {
            title: '预备期',
            key: 'probation',
            render: (_, c) => (c.probationStart ? `${dateZh(c.probationStart)}至${dateZh(c.probationEnd)}` : '—'),
          },
        ]}
      />
    </>
  );
}
