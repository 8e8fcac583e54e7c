import { useEffect, useState } from 'react';
import { Link, useBlocker, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Flex, Modal, Result, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { dateZh } from '../../common/format';
import { useOrganizations, useVote } from './queries';
import type { IssuedPapers } from './SessionActions';
import { voteTitle } from './text';
import './slips.css';

const PER_PAGE = 8;

/** Where a slip's QR code leads: the ballot page with the code filled in. */
export const ballotUrl = (code: string) => `${window.location.origin}/vote?code=${encodeURIComponent(code)}`;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The ballot slips to print (SPEC §14), right after the papers are issued: one slip per code with
 * its QR code, cut along the dashed lines, eight to an A4 page; then the tellers' key on a sheet
 * of its own. Codes and key arrive in the router's state and live only in this page's memory:
 * the history entry is cleared at once, nothing is stored, and they cannot be shown again.
 */
export default function BallotSlips() {
  const { id = '' } = useParams();
  const here = useLocation();
  const navigate = useNavigate();
  const [papers] = useState<IssuedPapers | null>(() => (here.state as IssuedPapers | null) ?? null);
  const [qr, setQr] = useState<Map<string, string>>(new Map());
  const [printed, setPrinted] = useState(false);
  const vote = useVote(id);
  const orgs = useOrganizations();

  // Out of the browser's history at once: a reload or "back" must not bring the codes back.
  useEffect(() => {
    if (here.state) navigate(here.pathname, { replace: true, state: null });
  }, [here.state, here.pathname, navigate]);

  useEffect(() => {
    if (!papers) return;
    let live = true;
    void Promise.all(
      papers.codes.map(async (code) => {
        const svg = await QRCode.toString(ballotUrl(code), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        return [code, `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`] as const;
      }),
    ).then((pairs) => live && setQr(new Map(pairs)));
    return () => {
      live = false;
    };
  }, [papers]);

  // Leaving loses the codes for good: ask first, unless the slips were printed.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => !!papers && !printed && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!papers || printed) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [papers, printed]);

  if (!papers) {
    return (
      <Result
        status="warning"
        title="选票码只在发放时显示一次"
        subTitle="服务不保存选票码和开箱密钥，现已无法再次显示。选票未能打印的，可再发放一批选票（不含开箱密钥）；开箱密钥遗失的，须作废本次表决并重新表决。"
        extra={<Link to={`/votes/${id}`}>返回表决</Link>}
      />
    );
  }

  const v = vote.data;
  const orgName = v ? (orgs.data?.byId.get(v.orgId)?.name ?? '') : '';
  const title = v ? voteTitle(v, orgName) : '';
  const print = () => {
    setPrinted(true);
    window.print();
  };

  return (
    <>
      <div className="no-print">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            打印选票
          </Typography.Title>
          <Flex gap={8}>
            <Button type="primary" icon={<PrinterOutlined />} onClick={print}>
              打印
            </Button>
            <Link to={`/votes/${id}`}>
              <Button>返回表决</Button>
            </Link>
          </Flex>
        </Flex>
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ margin: '16px 0' }}
          title={papers.tallyKey ? '选票码和监票人开箱密钥只显示这一次' : '选票码只显示这一次'}
          description={
            <>
              服务不保存选票码{papers.tallyKey ? '和开箱密钥' : ''}，离开或刷新本页后无法再次显示。请立即打印本批{' '}
              {papers.codes.length} 张选票
              {papers.tallyKey ? '，并把最后一页的开箱密钥交监票人妥善保管——结束表决时须输入，遗失则无法开箱计票' : ''}
              。{!papers.tallyKey && ' 本批选票不附开箱密钥：结束表决时使用首次发放选票时打印的密钥。'}
            </>
          }
        />
      </div>

      <div className="slips">
        {chunk(papers.codes, PER_PAGE).map((page, p) => (
          <section className="slips-page" key={p} aria-label={`选票第 ${p + 1} 页`}>
            {page.map((code) => (
              <article className="slip" key={code} aria-label="选票">
                <div className="slip-title">{title}</div>
                <div className="slip-meta">会议日期：{v ? dateZh(v.meetingDate) : ''}　无记名投票</div>
                {qr.get(code) ? (
                  <img className="slip-qr" src={qr.get(code)} alt={`选票码 ${code} 的二维码`} />
                ) : (
                  <div className="slip-qr" />
                )}
                <div className="slip-label">选票码</div>
                <div className="slip-code">{code}</div>
                <div className="slip-help">
                  手机扫码投票，或打开 {window.location.host}/vote 输入选票码。只能使用一次，请勿出示给他人。
                </div>
              </article>
            ))}
          </section>
        ))}

        {papers.tallyKey && (
          <section className="slips-key-sheet" aria-label="监票人开箱密钥">
            <h3>监票人开箱密钥</h3>
            <p className="slips-key-title">{title}</p>
            <p>
              会议日期：{v ? dateZh(v.meetingDate) : ''}　　组织：{orgName}　　本批选票：{papers.codes.length} 张
            </p>
            <p className="slips-key-lead">监票人开箱密钥，闭会开箱时输入。</p>
            <div className="slips-key vote-mono" role="group" aria-label="开箱密钥">
              {/* Wraps between groups only, so no group is split across lines. */}
              {papers.tallyKey.split('-').map((group, i, all) => (
                <span key={i}>
                  {group}
                  {i < all.length - 1 ? '-' : ''}
                </span>
              ))}
            </div>
            <ol>
              <li>
                结束表决时，由监票人在表决页面的“开箱密钥”栏中输入本密钥，开箱计票（大小写、空格和短横线不影响）。
              </li>
              <li>本密钥只打印这一次，服务不保存。遗失则无法开箱计票，须作废本次表决并重新表决。</li>
              <li>由监票人妥善保管，开箱前不得交给他人、拍照或外传；不得与选票一同发放。</li>
              <li>以后再发放的选票不另附密钥，仍使用本密钥开箱。</li>
            </ol>
            <div className="slips-sign">
              <span>监票人签名：</span>
              <span>计票人签名：</span>
              <span>日期：</span>
            </div>
          </section>
        )}
      </div>

      <Modal
        open={blocker.state === 'blocked'}
        title="离开本页？"
        okText="已打印，离开"
        cancelText="留在本页"
        okButtonProps={{ danger: true }}
        onOk={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        离开后选票码{papers.tallyKey ? '和开箱密钥' : ''}将无法再次显示。请确认已经打印。
      </Modal>
    </>
  );
}
