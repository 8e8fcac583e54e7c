import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Select, Table, Tag, Typography } from 'antd';
import { api, ok } from '../../api/client';
import { useSession } from '../../auth/session';
import { dateTimeZh, dateZh } from '../../common/format';
import { NewButton } from '../../common/page';
import { useOrganizations } from './queries';
import {
  LEVEL_ZH,
  MODE_ZH,
  PURPOSE_ZH,
  STATUS_COLOR,
  STATUS_ZH,
  type Level,
  type Purpose,
  type Status,
  type VoteSummary,
} from './text';

const options = <K extends string>(names: Record<K, string>) =>
  (Object.keys(names) as K[]).map((value) => ({ value, label: names[value] }));

/** GET /api/votes with its filters, newest first; the filters live in the address so that "back" keeps them. */
export default function VoteList() {
  const { atLeast } = useSession();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as Status | undefined;
  const level = (params.get('level') ?? undefined) as Level | undefined;
  const purpose = (params.get('purpose') ?? undefined) as Purpose | undefined;
  const orgId = params.get('orgId') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const limit = Number(params.get('limit') ?? 20);

  const orgs = useOrganizations();
  const list = useQuery({
    queryKey: ['votes', 'list', { status, level, purpose, orgId, page, limit }],
    queryFn: () => ok(api.GET('/api/votes', { params: { query: { status, level, purpose, orgId, page, limit } } })),
    placeholderData: (previous) => previous,
  });

  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          表决
        </Typography.Title>
        {atLeast('branch') && <NewButton to="/votes/new">发起表决</NewButton>}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        党外群众民主测评、支部大会和党委审批三级表决；电子表决为无记名投票，选票码与监票人开箱密钥只在发放时显示一次。
      </Typography.Paragraph>

      <Flex wrap gap={12} style={{ marginBottom: 16 }} role="search" aria-label="筛选表决">
        <Select
          aria-label="状态"
          placeholder="状态"
          allowClear
          style={{ width: 120 }}
          value={status}
          onChange={(v) => setFilter('status', v)}
          options={options(STATUS_ZH)}
        />
        <Select
          aria-label="层级"
          placeholder="层级"
          allowClear
          style={{ width: 140 }}
          value={level}
          onChange={(v) => setFilter('level', v)}
          options={options(LEVEL_ZH)}
        />
        <Select
          aria-label="用途"
          placeholder="用途"
          allowClear
          style={{ width: 160 }}
          value={purpose}
          onChange={(v) => setFilter('purpose', v)}
          options={options(PURPOSE_ZH)}
        />
        <Select
          aria-label="组织"
          placeholder="组织（含下级）"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 260 }}
          value={orgId}
          onChange={(v) => setFilter('orgId', v)}
          loading={orgs.isLoading}
          options={orgs.data?.list.map((o) => ({ value: o.id, label: o.name }))}
        />
      </Flex>

      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<VoteSummary>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: limit,
          total: list.data?.total,
          showTotal: (total) => `共 ${total} 次表决`,
          onChange: (p, size) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            next.set('limit', String(size));
            setParams(next, { replace: true });
          },
        }}
        columns={[
          {
            title: '会议日期',
            dataIndex: 'meetingDate',
            render: (d: string, v) => <Link to={`/votes/${v.id}`}>{dateZh(d)}</Link>,
          },
          { title: '组织', dataIndex: 'orgId', render: (id: string) => orgs.data?.byId.get(id)?.name ?? '' },
          { title: '层级', dataIndex: 'level', render: (l: Level) => LEVEL_ZH[l] },
          { title: '用途', dataIndex: 'purpose', render: (p: Purpose) => PURPOSE_ZH[p] },
          { title: '方式', dataIndex: 'mode', render: (m: VoteSummary['mode']) => MODE_ZH[m] },
          { title: '人选', dataIndex: 'candidateCount', align: 'right', render: (n: number) => `${n} 人` },
          {
            title: '应到 / 实到',
            key: 'attendance',
            align: 'right',
            render: (_, v) => `${v.expected} / ${v.present ?? '—'}`,
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: Status, v) => (
              <span title={v.voidReason ?? undefined}>
                <Tag color={STATUS_COLOR[s]}>{STATUS_ZH[s]}</Tag>
              </span>
            ),
          },
          { title: '结束时间', dataIndex: 'closedAt', render: (t: string | null) => dateTimeZh(t) },
          {
            title: '操作',
            key: 'actions',
            render: (_, v) => (
              <Flex gap={12}>
                <Link to={`/votes/${v.id}`} aria-label={`查看 ${dateZh(v.meetingDate)} ${LEVEL_ZH[v.level]}表决`}>
                  查看
                </Link>
                {v.status === 'closed' && <Link to={`/votes/${v.id}/result`}>票决情况</Link>}
              </Flex>
            ),
          },
        ]}
      />
    </>
  );
}
