import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Skeleton,
  Space,
  Steps,
  Table,
  Typography,
} from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { DownloadButton } from '../../common/file-actions';
import { dateTimeZh, dateZh, STAGE_ZH } from '../../common/format';
import { COMMANDS, COMMAND_BY_NAME, ELSEWHERE } from './commands';
import { CommandDialog } from './CommandDialog';
import { PersonalCorrection, StepCorrection, TransferDialog } from './Corrections';
import { useCandidate, useMembers, useOrganizations, type CandidateDetail, type TimelineEntry } from './data';
import {
  CLOSED,
  CONVERSION_DECISION_ZH,
  DEADLINE_ZH,
  EVENT_ZH,
  GENDER_ZH,
  PIPELINE,
  STAGE_TONE,
  datesZh,
  daysFromToday,
} from './labels';
import { StatusTag, ToneText } from './StatusTag';
import { summarize } from './summary';

const { Title, Text } = Typography;

/** Steps that record a single candidate's step may be corrected (SPEC §13), except a cancellation. */
const CORRECTABLE = new Set(COMMANDS.map((c) => c.command).filter((c) => c !== 'cancel'));

export default function CandidatePage() {
  const { id = '' } = useParams();
  const { data: candidate, isPending, error } = useCandidate(id);
  if (isPending) return <Skeleton active />;
  if (error || !candidate) {
    return (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={error instanceof ApiError && error.status === 404 ? '未找到该人员，或不在您的管辖范围内' : '加载失败'}
        subTitle={error instanceof ApiError && error.status !== 404 ? error.message : undefined}
        extra={<Link to="/candidates">返回人员列表</Link>}
      />
    );
  }
  return <CandidateView candidate={candidate} />;
}

function CandidateView({ candidate }: { candidate: CandidateDetail }) {
  const { atLeast } = useSession();
  const printing = usePrinting();
  const { byId } = useOrganizations();
  const { members, names } = useMembers(candidate.orgId);
  const orgNames = new Map([...byId].map(([k, o]) => [k, o.name]));
  const closed = CLOSED.includes(candidate.stage) || candidate.stage === 'full_member';
  const open = !closed;
  const branchName = byId.get(candidate.orgId)?.name ?? '';
  const record = candidate.record as Record<string, unknown> & {
    cultivatorIds?: string[];
    introducerIds?: string[];
    politicalReview?: { date: string; result: string };
    trainings?: { days: number; hours: number; passed: boolean }[];
    closedOn?: string;
    closedReason?: string;
  };
  const people = (ids?: string[]) => (ids?.length ? ids.map((i) => names.get(i) ?? '—').join('、') : '未确定');
  const trainings = (record.trainings ?? []).filter((t) => t.passed);

  return (
    <div>
      <Breadcrumb
        className="no-print"
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/candidates">发展对象管理</Link> }, { title: candidate.name }]}
      />
      <Flex wrap gap={12} align="center" justify="space-between">
        <Space wrap align="center">
          <Title level={2} style={{ margin: 0 }}>
            {candidate.name}
          </Title>
          <StatusTag tone={STAGE_TONE[candidate.stage]}>{STAGE_ZH[candidate.stage]}</StatusTag>
          {candidate.deferred && <StatusTag tone="orange">暂缓发展</StatusTag>}
          {candidate.openComplaints > 0 && <StatusTag tone="red">{candidate.openComplaints} 件举报待核实</StatusTag>}
          <span>{branchName}</span>
        </Space>
        <Space wrap className="no-print">
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
          <DownloadButton path={`/api/candidates/${candidate.id}/record.docx`}>下载全程纪实表</DownloadButton>
          {atLeast('branch') && <PersonalCorrection candidate={candidate} />}
          {atLeast('committee') && open && <TransferDialog candidate={candidate} />}
        </Space>
      </Flex>

      <Card title="发展进度" size="small" style={{ marginTop: 16 }}>
        <Progress candidate={candidate} />
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title="基本情况" size="small" style={{ height: '100%' }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }}
              items={[
                { key: 'org', label: '所在党支部', children: branchName || '—' },
                { key: 'gender', label: '性别', children: GENDER_ZH[candidate.gender] },
                { key: 'birth', label: '出生日期', children: dateZh(candidate.birthDate) },
                { key: 'applied', label: '申请日期', children: dateZh(candidate.applicationDate) },
                { key: 'ethnicity', label: '民族', children: candidate.ethnicity || '—' },
                { key: 'education', label: '学历', children: candidate.education || '—' },
                { key: 'occupation', label: '职业', children: candidate.occupation || '—' },
                { key: 'workUnit', label: '工作单位', children: candidate.workUnit || '—' },
                {
                  key: 'groups',
                  label: '一线 / 高知识群体',
                  children: `${candidate.frontline ? '是' : '否'} / ${candidate.highKnowledge ? '是' : '否'}`,
                },
                { key: 'id', label: '身份证号码', children: candidate.idNumberMasked ?? '未登记' },
                { key: 'cultivators', label: '培养联系人', children: people(record.cultivatorIds) },
                { key: 'introducers', label: '入党介绍人', children: people(record.introducerIds) },
                {
                  key: 'review',
                  label: '政治审查',
                  children: record.politicalReview
                    ? `${record.politicalReview.result === 'passed' ? '合格' : '不合格'}（${dateZh(record.politicalReview.date)}）`
                    : '未进行',
                },
                {
                  key: 'training',
                  label: '集中培训（合格）',
                  children: trainings.length
                    ? `${trainings.reduce((n, t) => n + t.days, 0)} 天、${trainings.reduce((n, t) => n + t.hours, 0)} 学时`
                    : '未参加',
                },
                ...(candidate.probationStart
                  ? [
                      {
                        key: 'probation',
                        label: '预备期',
                        children: `${dateZh(candidate.probationStart)}至${dateZh(candidate.probationEnd)}`,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="待办期限" size="small" style={{ height: '100%' }}>
            <Deadlines candidate={candidate} />
          </Card>
        </Col>
      </Row>

      {open && atLeast('branch') && <NextSteps candidate={candidate} />}

      <Card title="时间线" size="small" style={{ marginTop: 16 }}>
        <Table<TimelineEntry>
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={candidate.timeline as TimelineEntry[]}
          scroll={{ x: 760 }}
          columns={[
            { title: '序号', dataIndex: 'seq', width: 52 },
            {
              title: '日期',
              dataIndex: 'date',
              width: 128,
              render: (d: string) => <span style={{ whiteSpace: 'nowrap' }}>{dateZh(d)}</span>,
            },
            {
              title: '事项',
              dataIndex: 'type',
              width: 140,
              render: (type: string, e) => (
                <Space orientation="vertical" size={0}>
                  <Text strong={type !== 'step-correction' && type !== 'correction'}>{EVENT_ZH[type] ?? type}</Text>
                  {e.correctedBy?.length ? (
                    <StatusTag tone="orange">已更正（见第 {e.correctedBy.join('、')} 条）</StatusTag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: '内容',
              key: 'summary',
              render: (_, e) => {
                const target =
                  e.type === 'step-correction'
                    ? candidate.timeline.find((t) => t.seq === (e.input as { seq?: number }).seq)
                    : undefined;
                return (
                  <Text type={e.correctedBy?.length ? 'secondary' : undefined}>
                    {summarize(e.type, e.input, names, orgNames, target && COMMAND_BY_NAME.get(target.type))}
                  </Text>
                );
              },
            },
            {
              title: '办理人',
              key: 'actor',
              width: 140,
              render: (_, e) => (
                <Space orientation="vertical" size={0}>
                  <span>{e.actor.name}</span>
                  <Text type="secondary" style={{ fontSize: 12 }} title="登记时间">
                    {dateTimeZh(e.recordedAt)}
                  </Text>
                </Space>
              ),
            },
            ...(atLeast('branch') && !printing
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 100,
                    className: 'no-print',
                    render: (_: unknown, e: TimelineEntry) => {
                      const def = COMMAND_BY_NAME.get(e.type);
                      if (!def || !CORRECTABLE.has(e.type) || !atLeast(def.rank)) return null;
                      return (
                        <StepCorrection candidate={candidate} entry={e} def={def} members={members} names={names} />
                      );
                    },
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}

/** True while the browser prints: the timeline drops its column of buttons so the rest spans the page. */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const on = () => setPrinting(true);
    const off = () => setPrinting(false);
    window.addEventListener('beforeprint', on);
    window.addEventListener('afterprint', off);
    return () => {
      window.removeEventListener('beforeprint', on);
      window.removeEventListener('afterprint', off);
    };
  }, []);
  return printing;
}

/** The five stages, where the candidate stands, and a closed file shown as such. */
function Progress({ candidate }: { candidate: CandidateDetail }) {
  const r = candidate.record as Record<string, string | undefined>;
  const dates = [candidate.applicationDate, r.activistDate, r.developmentObjectDate, r.probationStart, r.fullMemberOn];
  const closed = CLOSED.includes(candidate.stage);
  const reached = PIPELINE.includes(candidate.stage)
    ? PIPELINE.indexOf(candidate.stage)
    : r.probationStart
      ? 3
      : r.developmentObjectDate
        ? 2
        : r.activistDate
          ? 1
          : 0;
  const finished = candidate.stage === 'full_member';
  return (
    <>
      <Steps
        current={reached}
        status={closed ? 'error' : finished ? 'finish' : 'process'}
        size="small"
        items={PIPELINE.map((stage, i) => ({
          title: STAGE_ZH[stage],
          content:
            closed && i === reached
              ? `${dates[i] ? `${dateZh(dates[i])} · ` : ''}已终止：${STAGE_ZH[candidate.stage]}`
              : i <= reached && dates[i]
                ? dateZh(dates[i])
                : undefined,
        }))}
      />
      {closed && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={`发展程序已终止：${STAGE_ZH[candidate.stage]}${r.closedOn ? `（${dateZh(r.closedOn)}）` : ''}`}
          description={r.closedReason ? `理由：${r.closedReason}` : undefined}
        />
      )}
      {candidate.deferred && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title={`暂缓发展${r.deferredOn ? `（自${dateZh(r.deferredOn)}起）` : ''}：恢复前不能推进发展程序`}
        />
      )}
      {candidate.conversionDecision && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title={`转正表决结论：${CONVERSION_DECISION_ZH[candidate.conversionDecision] ?? candidate.conversionDecision}`}
        />
      )}
    </>
  );
}

function Deadlines({ candidate }: { candidate: CandidateDetail }) {
  if (!candidate.deadlines.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办期限" />;
  const sorted = [...candidate.deadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {sorted.map((d) => {
        const days = daysFromToday(d.dueOn);
        const overdue = d.status === 'overdue' || days < 0;
        return (
          <li
            key={`${d.kind}-${d.dueOn}-${d.refId ?? ''}`}
            style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}
          >
            <Flex justify="space-between" wrap gap={8}>
              <span>{DEADLINE_ZH[d.kind] ?? d.kind}</span>
              <span>
                <ToneText tone={overdue ? 'red' : 'grey'} strong={overdue}>
                  {dateZh(d.dueOn)}前
                </ToneText>{' '}
                {overdue ? (
                  <StatusTag tone="red">已逾期{days < 0 ? ` ${-days} 天` : ''}</StatusTag>
                ) : days <= 14 ? (
                  <StatusTag tone="orange">还有 {days} 天</StatusTag>
                ) : (
                  <StatusTag tone="grey">还有 {days} 天</StatusTag>
                )}
              </span>
            </Flex>
          </li>
        );
      })}
    </ul>
  );
}

/** The `next` list as forms: forward steps, steps recorded elsewhere, and closing decisions. */
function NextSteps({ candidate }: { candidate: CandidateDetail }) {
  const { atLeast } = useSession();
  const { members, names } = useMembers(candidate.orgId);
  const mine = candidate.next.filter((n) => {
    const def = COMMAND_BY_NAME.get(n.command);
    return def && atLeast(def.rank);
  });
  // 暂缓 / 恢复: only the one that applies.
  const applies = mine.filter(
    (n) => !(n.command === 'defer' && candidate.deferred) && !(n.command === 'resume' && !candidate.deferred),
  );
  const forward = applies.filter((n) => !COMMAND_BY_NAME.get(n.command)!.closing && n.command !== 'resume');
  const closing = applies.filter((n) => COMMAND_BY_NAME.get(n.command)!.closing || n.command === 'resume');
  const elsewhere = candidate.next.filter((n) => ELSEWHERE[n.command]);

  const row = (n: (typeof candidate.next)[number], danger = false) => {
    const def = COMMAND_BY_NAME.get(n.command)!;
    return (
      <Flex key={n.command} gap={12} align="baseline" wrap style={{ padding: '6px 0' }}>
        <div style={{ minWidth: 170 }}>
          <CommandDialog def={def} candidate={candidate} gate={n} members={members} names={names} danger={danger} />
        </div>
        <GateLine gate={n} />
      </Flex>
    );
  };

  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }} className="no-print">
      <Col xs={24} xl={14}>
        <Card title="下一步办理" size="small" style={{ height: '100%' }}>
          {forward.length ? forward.map((n) => row(n)) : <Text type="secondary">当前阶段没有可在此登记的事项</Text>}
          {elsewhere.length > 0 && (
            <>
              <Title level={3} style={{ fontSize: 14, marginTop: 16 }}>
                在其他模块办理
              </Title>
              {elsewhere.map((n) => (
                <Flex key={n.command} gap={12} align="baseline" wrap style={{ padding: '4px 0' }}>
                  <div style={{ minWidth: 170 }}>
                    <Link to={ELSEWHERE[n.command].path}>
                      {ELSEWHERE[n.command].label}（{ELSEWHERE[n.command].area}）
                    </Link>
                  </div>
                  <GateLine gate={n} />
                </Flex>
              ))}
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title="其他处理" size="small" style={{ height: '100%' }}>
          {closing.map((n) => row(n, n.command !== 'resume'))}
        </Card>
      </Col>
    </Row>
  );
}

function GateLine({ gate }: { gate: CandidateDetail['next'][number] }) {
  if (gate.ok) return <ToneText tone="green">可以办理</ToneText>;
  return (
    <span style={{ flex: 1, minWidth: 200 }}>
      <ToneText tone="orange">尚不满足：{gate.violations.map((v) => datesZh(v.message)).join('；')}</ToneText>
    </span>
  );
}
