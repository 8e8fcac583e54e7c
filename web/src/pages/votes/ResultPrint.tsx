import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Flex, Result, Skeleton } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { dateTimeZh, dateZh } from '../../common/format';
import { useOrganizations, useVote, useVoteResult } from './queries';
import { expectedLabel, LEVEL_ZH, MODE_ZH, PURPOSE_ZH, REASON_ZH, STATUS_ZH, voteTitle } from './text';
import './result.css';

/** The printed vote result (票决情况): what was voted, who came, each candidate's counts and outcome, the receipts. */
export default function ResultPrint() {
  const { id = '' } = useParams();
  const vote = useVote(id);
  const orgs = useOrganizations();
  const result = useVoteResult(id, !!vote.data && vote.data.status !== 'open');

  if (vote.isLoading || result.isLoading) return <Skeleton active />;
  const error = vote.error ?? result.error;
  if (error || !vote.data) return <Result status="error" title={error?.message ?? '无法读取表决'} />;
  const v = vote.data;
  if (v.status === 'open')
    return (
      <Result
        status="info"
        title="表决尚未结束"
        subTitle="结束表决、计票之后才能打印票决情况。"
        extra={<Link to={`/votes/${id}`}>返回表决</Link>}
      />
    );
  const r = result.data!;
  const orgName = orgs.data?.byId.get(v.orgId)?.name ?? '';
  const branch = v.level === 'branch_meeting';
  const electronic = v.mode === 'electronic';

  const facts: [string, string][] = [
    ['组织', orgName],
    ['会议日期', dateZh(v.meetingDate)],
    ['层级', LEVEL_ZH[v.level]],
    ['用途', PURPOSE_ZH[v.purpose]],
    ['表决方式', MODE_ZH[v.mode]],
    [expectedLabel(v.level), `${r.expected} 人`],
    ['实到', r.present === null ? '—' : `${r.present} 人`],
    ['到会人数', v.status === 'void' ? '—' : r.quorumMet ? '符合要求' : '未达到要求'],
    ...(branch
      ? ([
          ['不计入应到会人数', `${v.excused.length} 人`],
          ['书面意见', `${v.writtenOpinions} 份`],
        ] as [string, string][])
      : []),
    ...(electronic
      ? ([
          ['发放选票', `${v.papersIssued} 张`],
          ['收回选票', `${r.receipts?.length ?? v.ballotsCast} 张`],
        ] as [string, string][])
      : []),
    ['状态', STATUS_ZH[v.status]],
    [v.status === 'void' ? '作废时间' : '结束时间', dateTimeZh(v.closedAt)],
  ];

  return (
    <div className="vote-print">
      <Flex justify="end" gap={8} className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        <Link to={`/votes/${id}`}>
          <Button>返回表决</Button>
        </Link>
      </Flex>

      <article className="vote-print-sheet">
        <h2>{voteTitle(v, orgName)}票决情况</h2>
        {v.status === 'void' && (
          <Alert
            type="warning"
            title={`本次表决已作废，未计票、未生效。${v.voidReason ? `原因：${v.voidReason}` : ''}`}
            style={{ marginBottom: 12 }}
          />
        )}
        <table className="vote-print-facts">
          <tbody>
            {chunkPairs(facts).map((row, i) => (
              <tr key={i}>
                {row.map(([k, val]) => (
                  <FactCells key={k} label={k} value={val} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>

        {v.status === 'closed' && (
          <>
            <h3>表决结果</h3>
            <table className="vote-print-table">
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">姓名</th>
                  <th scope="col">同意</th>
                  <th scope="col">不同意</th>
                  <th scope="col">弃权</th>
                  <th scope="col">无效</th>
                  {branch && (
                    <th scope="col" className="wrap">
                      其中书面意见（同意 / 不同意 / 弃权）
                    </th>
                  )}
                  <th scope="col">通过所需票数</th>
                  <th scope="col">结果</th>
                  <th scope="col">生效</th>
                </tr>
              </thead>
              <tbody>
                {r.results.map((line, i) => (
                  <tr key={line.candidateId}>
                    <td>{i + 1}</td>
                    <th scope="row">{line.name}</th>
                    <td className="num">{line.approve}</td>
                    <td className="num">{line.reject}</td>
                    <td className="num">{line.abstain}</td>
                    <td className="num">{line.invalid}</td>
                    {branch && (
                      <td className="num">
                        {line.written
                          ? `${line.written.approve} / ${line.written.reject} / ${line.written.abstain}`
                          : '—'}
                      </td>
                    )}
                    <td className="num">
                      {line.required}（基数 {line.base}）
                    </td>
                    <td>{line.passed ? '通过' : `未通过：${REASON_ZH[line.reason] ?? line.reason}`}</td>
                    <td>
                      {line.applied
                        ? '已生效'
                        : `未生效${line.violations?.length ? `：${line.violations.map((x) => x.message).join('；')}` : ''}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>

            {r.ledgerHead && (
              <p className="vote-print-ledger">
                表决结束时责任追究台账链头（第 {r.ledgerLength} 条）：<span className="vote-mono">{r.ledgerHead}</span>
              </p>
            )}

            {r.receipts && (
              <section className="vote-print-receipts">
                <h3>回执清单（共 {r.receipts.length} 张，按字母顺序排列）</h3>
                <p>投票人在清单中找到自己的回执，即可确认其选票已计入。回执不对应任何选择。</p>
                <ul className="vote-receipts vote-mono">
                  {r.receipts.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}

        <div className="vote-print-sign">
          <span>会议主持人：</span>
          <span>监票人：</span>
          <span>计票人：</span>
          <span>记录人：</span>
        </div>
        <p className="vote-print-foot">
          打印时间：{dayjs().format('YYYY年M月D日 HH:mm')}　规则版本：{v.profile}
        </p>
      </article>
    </div>
  );
}

function FactCells({ label, value }: { label: string; value: string }) {
  return (
    <>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </>
  );
}

function chunkPairs<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2));
  return out;
}
