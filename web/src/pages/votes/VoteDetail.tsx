import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Flex,
  Progress,
  Result,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { DownloadButton } from '../../common/file-actions';
import { dateTimeZh, dateZh } from '../../common/format';
import { useCandidateNames, useOrganizations, useVote, useVoteResult } from './queries';
import {
  AttendanceCard,
  BallotPapersCard,
  CloseCard,
  CountsCard,
  VoidCard,
  WrittenOpinionCard,
  type SessionProps,
} from './SessionActions';
import {
  expectedLabel,
  LEVEL_ZH,
  MODE_ZH,
  PURPOSE_ZH,
  REASON_ZH,
  STATUS_COLOR,
  STATUS_ZH,
  TAG_FAIL,
  TAG_PASS,
  TAG_WARN,
  voteTitle,
  type VoteResult,
  type VoteSession,
} from './text';

const h3 = (text: string) => <h3 style={{ margin: 0, fontSize: 16 }}>{text}</h3>;

/** A session's page: what it is, turnout while open, the steps of the meeting, the close or void, the result. */
export default function VoteDetail() {
  const { id = '' } = useParams();
  const vote = useVote(id, true);
  const orgs = useOrganizations();
  const names = useCandidateNames(vote.data?.orgId);
  const closed = vote.data?.status === 'closed';
  const result = useVoteResult(id, closed);

  if (vote.isLoading) return <Skeleton active />;
  if (vote.error || !vote.data) {
    const notFound = vote.error instanceof ApiError && vote.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '表决不存在，或不在您的管辖范围内' : (vote.error?.message ?? '无法读取表决')}
        extra={<Link to="/votes">返回表决列表</Link>}
      />
    );
  }
  const v = vote.data;
  const orgName = orgs.data?.byId.get(v.orgId)?.name ?? '';
  const props: SessionProps = { vote: v, names: names.data ?? new Map() };

  return (
    <>
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {voteTitle(v, orgName)}
          </Typography.Title>
          <Flex gap={8} wrap>
            <Tag color={STATUS_COLOR[v.status]}>{STATUS_ZH[v.status]}</Tag>
            <Tag>{LEVEL_ZH[v.level]}</Tag>
            <Tag>{MODE_ZH[v.mode]}</Tag>
          </Flex>
        </div>
        <Flex gap={8} wrap className="no-print">
          {closed && (
            <>
              <Link to={`/votes/${v.id}/result`}>
                <Button icon={<PrinterOutlined />}>打印票决情况</Button>
              </Link>
              <DownloadButton path={`/api/votes/${v.id}/result.xlsx`}>导出结果 Excel</DownloadButton>
              <DownloadButton path={`/api/votes/${v.id}/record.docx`}>下载票决情况报告 Word</DownloadButton>
            </>
          )}
          <Link to="/votes">
            <Button>返回列表</Button>
          </Link>
        </Flex>
      </Flex>

      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        style={{ margin: '16px 0' }}
        items={[
          { key: 'org', label: '组织', children: orgName },
          { key: 'date', label: '会议日期', children: dateZh(v.meetingDate) },
          { key: 'purpose', label: '用途', children: PURPOSE_ZH[v.purpose] },
          { key: 'expected', label: expectedLabel(v.level), children: `${v.expected} 人` },
          ...(v.bodySize !== null && v.level !== 'committee'
            ? [{ key: 'body', label: '全体成员', children: `${v.bodySize} 人` }]
            : []),
          { key: 'present', label: '实到', children: v.present === null ? '尚未登记' : `${v.present} 人` },
          ...(v.level === 'branch_meeting'
            ? [
                { key: 'excused', label: '不计入应到', children: `${v.excused.length} 人` },
                { key: 'written', label: '书面意见', children: `${v.writtenOpinions} 份` },
              ]
            : []),
          { key: 'candidates', label: '表决人选', children: `${v.candidateIds.length} 人` },
          { key: 'created', label: '发起时间', children: dateTimeZh(v.createdAt) },
          ...(v.closedAt
            ? [
                {
                  key: 'closed',
                  label: v.status === 'void' ? '作废时间' : '结束时间',
                  children: dateTimeZh(v.closedAt),
                },
              ]
            : []),
          { key: 'profile', label: '规则版本', children: v.profile },
        ]}
      />

      {v.status === 'void' && (
        <Alert
          type="warning"
          showIcon
          title="本次表决已作废：未计票、未生效，选票码已失效"
          description={v.voidReason ? `作废原因：${v.voidReason}` : undefined}
          style={{ marginBottom: 16 }}
        />
      )}

      {v.mode === 'electronic' && v.status !== 'void' && <Turnout vote={v} />}

      <Card title={h3('表决人选')} size="small" style={{ marginBottom: 16 }}>
        <CandidateNames vote={v} names={props.names} />
      </Card>

      {v.status === 'open' && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <AttendanceCard {...props} />
          </Col>
          {v.level === 'branch_meeting' && (
            <Col xs={24} xl={12}>
              <WrittenOpinionCard {...props} />
            </Col>
          )}
          {v.mode === 'paper' ? (
            <Col xs={24}>
              <CountsCard {...props} />
            </Col>
          ) : (
            <Col xs={24} xl={12}>
              <BallotPapersCard {...props} />
            </Col>
          )}
          <Col xs={24} xl={12}>
            <CloseCard {...props} />
          </Col>
          <Col xs={24} xl={12}>
            <VoidCard {...props} />
          </Col>
        </Row>
      )}

      {closed && (
        <Card title={h3('表决结果')} style={{ marginBottom: 16 }}>
          {result.error && <Alert type="error" showIcon title={result.error.message} />}
          {result.data && <ResultSection result={result.data} vote={v} />}
          {result.isLoading && <Skeleton active />}
        </Card>
      )}
    </>
  );
}

/** SPEC §14: turnout while open — how many ballots were cast, never how. */
function Turnout({ vote }: { vote: VoteSession }) {
  const share = vote.papersIssued ? Math.round((vote.ballotsCast / vote.papersIssued) * 100) : 0;
  return (
    <Card title={h3('投票进度')} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16} align="middle">
        <Col xs={8} md={5}>
          <Statistic title="已发放选票" value={vote.papersIssued} suffix="张" />
        </Col>
        <Col xs={8} md={5}>
          <Statistic title="已投票" value={vote.ballotsCast} suffix="张" />
        </Col>
        <Col xs={8} md={5}>
          <Statistic title="未投票" value={Math.max(vote.papersIssued - vote.ballotsCast, 0)} suffix="张" />
        </Col>
        <Col xs={24} md={9}>
          <Progress percent={share} aria-label="投票率" />
          <Typography.Text type="secondary">
            只统计已投票的张数，不显示任何人的选择{vote.status === 'open' ? '；每 5 秒自动刷新' : ''}。
          </Typography.Text>
        </Col>
      </Row>
    </Card>
  );
}

function CandidateNames({ vote, names }: { vote: VoteSession; names: Map<string, string> }) {
  const shown = vote.candidateIds.slice(0, 200);
  return (
    <Flex wrap gap={8}>
      {shown.map((cid) =>
        names.has(cid) ? (
          <Link key={cid} to={`/candidates/${cid}`}>
            <Tag style={{ cursor: 'pointer' }}>{names.get(cid)}</Tag>
          </Link>
        ) : (
          <Tag key={cid}>人选 {cid.slice(-6)}</Tag>
        ),
      )}
      {vote.candidateIds.length > shown.length && (
        <Typography.Text type="secondary">等共 {vote.candidateIds.length} 人</Typography.Text>
      )}
    </Flex>
  );
}

/** Per candidate: the counts, the number needed, passed or not, applied or why not. */
export function ResultSection({ result, vote }: { result: VoteResult; vote: VoteSession }) {
  const branch = vote.level === 'branch_meeting';
  return (
    <>
      <Flex gap={24} wrap style={{ marginBottom: 12 }}>
        <span>
          {expectedLabel(vote.level)}：{result.expected} 人
        </span>
        <span>实到：{result.present ?? '—'} 人</span>
        <span>
          到会人数：
          {result.quorumMet ? <Tag color={TAG_PASS}>符合要求</Tag> : <Tag color={TAG_FAIL}>未达到要求</Tag>}
        </span>
      </Flex>
      <Table
        rowKey="candidateId"
        size="small"
        dataSource={result.results}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: '人选', dataIndex: 'name' },
          { title: '同意', dataIndex: 'approve', align: 'right' },
          { title: '不同意', dataIndex: 'reject', align: 'right' },
          { title: '弃权', dataIndex: 'abstain', align: 'right' },
          { title: '无效', dataIndex: 'invalid', align: 'right' },
          ...(branch
            ? [
                {
                  title: '其中书面意见（同意/不同意/弃权）',
                  key: 'written',
                  render: (_: unknown, r: VoteResult['results'][number]) =>
                    r.written ? `${r.written.approve} / ${r.written.reject} / ${r.written.abstain}` : '—',
                },
              ]
            : []),
          {
            title: '通过所需',
            key: 'required',
            align: 'right',
            render: (_, r) => `${r.required}（基数 ${r.base}）`,
          },
          {
            title: '结果',
            key: 'passed',
            render: (_, r) =>
              r.passed ? (
                <Tag color={TAG_PASS}>通过</Tag>
              ) : (
                <Tag color={TAG_FAIL}>{REASON_ZH[r.reason] ?? '未通过'}</Tag>
              ),
          },
          {
            title: '生效',
            key: 'applied',
            render: (_, r) =>
              r.applied ? (
                '已生效'
              ) : (
                <>
                  <Tag color={TAG_WARN}>未生效</Tag>
                  {r.violations?.map((x) => (
                    <div key={x.code}>{x.message}</div>
                  ))}
                </>
              ),
          },
        ]}
      />
      {result.ledgerHead && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          结束时责任追究台账链头（第 {result.ledgerLength} 条）：
          <Typography.Text code copyable className="vote-mono">
            {result.ledgerHead}
          </Typography.Text>
        </Typography.Paragraph>
      )}
      {result.receipts && (
        <Collapse
          size="small"
          items={[
            {
              key: 'receipts',
              label: `回执清单（${result.receipts.length} 张，按字母顺序）`,
              children: (
                <>
                  <Typography.Paragraph type="secondary">
                    投票人可在清单中找到自己的回执，以确认选票已计入；清单不显示任何回执对应的选择。
                  </Typography.Paragraph>
                  <ul className="vote-receipts vote-mono">
                    {result.receipts.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
