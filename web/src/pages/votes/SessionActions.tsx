import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Spin,
  Table,
  Typography,
} from 'antd';
import { api, ok, type Schemas } from '../../api/client';
import { FormProblems, showApiError } from '../../common/api-form';
import { useRoster } from './queries';
import { CHOICE_ZH, EXCUSED_ZH, expectedLabel, type Choice, type VoteSession } from './text';

export interface SessionProps {
  vote: VoteSession;
  /** Candidate names by id (those the page could load). */
  names: Map<string, string>;
}

type Problems = { code: string; message: string }[];

const h3 = (text: string) => <h3 style={{ margin: 0, fontSize: 16 }}>{text}</h3>;
const nameOf = (names: Map<string, string>, id: string) => names.get(id) ?? `人选 ${id.slice(-6)}`;
const CHOICES: Choice[] = ['approve', 'reject', 'abstain'];

/** Refetches what an action on the session changed. */
function useRefresh(id: string) {
  const queries = useQueryClient();
  return () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['votes', id] }),
      queries.invalidateQueries({ queryKey: ['votes', 'list'] }),
    ]);
}

/**
 * Branch meetings name the present members; the service keeps them but does not list them back,
 * so the page remembers the last list it sent while it stays open (in memory only).
 */
const presentByVote = new Map<string, string[]>();

/** The roster's voting members not excused for this session (a branch meeting's electorate). */
function useElectorate(vote: VoteSession) {
  const roster = useRoster(vote.level === 'branch_meeting' ? vote.orgId : undefined);
  const excused = new Set(vote.excused.map((e) => e.memberId));
  const names = new Map((roster.data ?? []).map((m) => [m.id, m.name]));
  return {
    loading: roster.isLoading,
    members: (roster.data ?? []).filter((m) => m.hasVote && !excused.has(m.id)),
    /** The excused, as "name（reason）". */
    excused: vote.excused.map(
      (e) => `${names.get(e.memberId) ?? ''}（${EXCUSED_ZH[e.reason as keyof typeof EXCUSED_ZH] ?? e.reason}）`,
    ),
  };
}

// ── attendance ────────────────────────────────────────────────────────────────

/** POST /api/votes/:id/attendance: {present} (mass assessment, committee) or {memberIds} (branch meeting). */
export function AttendanceCard({ vote }: SessionProps) {
  const [form] = Form.useForm<{ present?: number; memberIds?: string[] }>();
  const [problems, setProblems] = useState<Problems>([]);
  const { message } = App.useApp();
  const refresh = useRefresh(vote.id);
  const electorate = useElectorate(vote);
  const branch = vote.level === 'branch_meeting';

  const save = useMutation({
    mutationFn: (body: Schemas['AttendanceDto']) =>
      ok(api.POST('/api/votes/{id}/attendance', { params: { path: { id: vote.id } }, body })),
    onSuccess: (_, body) => {
      if (body.memberIds) presentByVote.set(vote.id, body.memberIds);
      setProblems([]);
      message.success('到会情况已登记');
      return refresh();
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          PRESENT_EXCEEDS_EXPECTED: branch ? 'memberIds' : 'present',
          PRESENT_BELOW_PAPERS_ISSUED: 'present',
          MEMBER_GAVE_WRITTEN_OPINION: 'memberIds',
          PAPER_RECIPIENT_ABSENT: 'memberIds',
          MEMBER_NO_VOTE: 'memberIds',
          MEMBER_EXCUSED: 'memberIds',
        }),
      ),
  });

  return (
    <Card title={h3('到会情况')} size="small">
      <Typography.Paragraph type="secondary">
        {expectedLabel(vote.level)} {vote.expected} 人；
        {vote.present === null ? '尚未登记实到人数。' : `已登记实到 ${vote.present} 人，可重新登记。`}
        {vote.mode === 'electronic' && !branch && ' 未登记的，结束时按已发放的选票张数计为实到。'}
      </Typography.Paragraph>
      {branch && electorate.excused.length > 0 && (
        <Typography.Paragraph type="secondary">不计入应到会人数：{electorate.excused.join('、')}</Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ present: vote.present ?? undefined, memberIds: presentByVote.get(vote.id) ?? [] }}
        onFinish={(v) => save.mutate(branch ? { memberIds: v.memberIds ?? [] } : { present: v.present })}
      >
        {branch ? (
          <Form.Item
            label="到会的有表决权党员"
            name="memberIds"
            rules={[{ required: true, type: 'array', min: 1, message: '请选择到会党员' }]}
          >
            {electorate.loading ? (
              <Spin />
            ) : (
              <Checkbox.Group options={electorate.members.map((m) => ({ value: m.id, label: m.name }))} />
            )}
          </Form.Item>
        ) : (
          <Form.Item label="实到人数" name="present" rules={[{ required: true, message: '请填写实到人数' }]}>
            <InputNumber min={0} max={vote.expected} precision={0} style={{ width: 160 }} />
          </Form.Item>
        )}
        <FormProblems problems={problems} />
        <Button htmlType="submit" loading={save.isPending}>
          登记到会情况
        </Button>
      </Form>
    </Card>
  );
}

// ── written opinions (branch meeting) ─────────────────────────────────────────

/** POST /api/votes/:id/written-opinions: an absent formal member's written opinion (not secret). */
export function WrittenOpinionCard({ vote, names }: SessionProps) {
  const [form] = Form.useForm<{ memberId?: string; choices: Record<string, Choice | undefined> }>();
  const [problems, setProblems] = useState<Problems>([]);
  const [recorded, setRecorded] = useState<string[]>([]);
  const { message } = App.useApp();
  const refresh = useRefresh(vote.id);
  const electorate = useElectorate(vote);
  const present = new Set(presentByVote.get(vote.id) ?? []);
  const absent = electorate.members.filter((m) => !present.has(m.id) && !recorded.includes(m.id));

  const save = useMutation({
    mutationFn: (body: Schemas['WrittenOpinionDto']) =>
      ok(api.POST('/api/votes/{id}/written-opinions', { params: { path: { id: vote.id } }, body })),
    onSuccess: (answer) => {
      setRecorded((r) => [...r, answer.memberId]);
      setProblems([]);
      form.resetFields();
      message.success('书面意见已登记');
      return refresh();
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          MEMBER_PRESENT: 'memberId',
          MEMBER_NO_VOTE: 'memberId',
          MEMBER_EXCUSED: 'memberId',
          WRITTEN_EXCEEDS_ABSENT: 'memberId',
        }),
      ),
  });

  const submit = (v: { memberId?: string; choices?: Record<string, Choice | undefined> }) => {
    const choices: Record<string, Choice> = {};
    for (const [cid, c] of Object.entries(v.choices ?? {})) if (c) choices[cid] = c;
    save.mutate({ memberId: v.memberId!, choices });
  };

  return (
    <Card title={h3('书面意见')} size="small">
      <Typography.Paragraph type="secondary">
        未到会的有表决权正式党员的书面意见计入票数，不计入到会人数（已登记 {vote.writtenOpinions}{' '}
        份）。未选择的人选按弃权计。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="党员" name="memberId" rules={[{ required: true, message: '请选择党员' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={electorate.loading}
            style={{ maxWidth: 240 }}
            options={absent.map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Table
          rowKey={(cid) => cid}
          size="small"
          dataSource={vote.candidateIds}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '人选', key: 'name', render: (_, cid) => nameOf(names, cid) },
            {
              title: '意见',
              key: 'choice',
              render: (_, cid) => (
                <Form.Item name={['choices', cid]} noStyle>
                  <Radio.Group
                    aria-label={`对 ${nameOf(names, cid)} 的意见`}
                    options={CHOICES.map((c) => ({ value: c, label: CHOICE_ZH[c] }))}
                  />
                </Form.Item>
              ),
            },
          ]}
          style={{ marginBottom: 16 }}
        />
        <FormProblems problems={problems} />
        <Button htmlType="submit" loading={save.isPending}>
          登记书面意见
        </Button>
      </Form>
    </Card>
  );
}

// ── paper counts ──────────────────────────────────────────────────────────────

type CountFields = { approve?: number; reject?: number; abstain?: number; invalid?: number };

/** POST /api/votes/:id/counts: the tellers' on-the-spot count, per candidate. */
export function CountsCard({ vote, names }: SessionProps) {
  const [form] = Form.useForm<{ counts: Record<string, CountFields> }>();
  const [problems, setProblems] = useState<Problems>([]);
  const { message } = App.useApp();
  const refresh = useRefresh(vote.id);
  const mass = vote.level === 'mass_assessment';

  const save = useMutation({
    mutationFn: (body: Schemas['CountsDto']) =>
      ok(api.POST('/api/votes/{id}/counts', { params: { path: { id: vote.id } }, body })),
    onSuccess: () => {
      setProblems([]);
      message.success('计票结果已录入；结束表决前仍可修改后再次录入');
      return refresh();
    },
    onError: (err) => setProblems(showApiError(form, err)),
  });

  const submit = () => {
    const counts = form.getFieldValue('counts') as Record<string, CountFields> | undefined;
    save.mutate({
      results: vote.candidateIds.map((candidateId) => {
        const c = counts?.[candidateId] ?? {};
        return {
          candidateId,
          approve: c.approve ?? 0,
          reject: c.reject ?? 0,
          abstain: c.abstain ?? 0,
          invalid: c.invalid ?? 0,
        };
      }),
    });
  };

  const cell = (cid: string, key: keyof CountFields, label: string) => (
    <Form.Item name={['counts', cid, key]} noStyle>
      <InputNumber min={0} precision={0} style={{ width: 90 }} aria-label={`${nameOf(names, cid)} ${label}`} />
    </Form.Item>
  );

  return (
    <Card title={h3('纸质选票计票结果')} size="small">
      <Typography.Paragraph type="secondary">
        由监票人、计票人当场清点后录入；空白按 0 票计。
        {vote.present === null
          ? '请先登记实到人数，票数合计不能超过实到人数。'
          : `票数合计不能超过实到 ${vote.present} 人。`}
      </Typography.Paragraph>
      <Form form={form} onFinish={submit}>
        <Table
          rowKey={(cid) => cid}
          size="small"
          dataSource={vote.candidateIds}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 600 }}
          columns={[
            { title: '人选', key: 'name', render: (_, cid) => nameOf(names, cid) },
            { title: mass ? '赞成' : '同意', key: 'approve', render: (_, cid) => cell(cid, 'approve', '同意票') },
            { title: mass ? '不赞成' : '不同意', key: 'reject', render: (_, cid) => cell(cid, 'reject', '不同意票') },
            { title: '弃权', key: 'abstain', render: (_, cid) => cell(cid, 'abstain', '弃权票') },
            { title: '无效', key: 'invalid', render: (_, cid) => cell(cid, 'invalid', '无效票') },
          ]}
          style={{ marginBottom: 16 }}
        />
        <FormProblems problems={problems} />
        <Button htmlType="submit" loading={save.isPending}>
          录入计票结果
        </Button>
      </Form>
    </Card>
  );
}

// ── electronic ballot papers ──────────────────────────────────────────────────

/** What the slips page receives through the router's state: in memory only, never stored. */
export interface IssuedPapers {
  codes: string[];
  tallyKey?: string;
}

/**
 * POST /api/votes/:id/ballot-papers: {count} or, for a branch meeting, {memberIds}. The codes (and,
 * the first time, the tellers' key) are shown once, on the slips page.
 */
export function BallotPapersCard({ vote }: SessionProps) {
  const [form] = Form.useForm<{ count?: number; memberIds?: string[] }>();
  const [problems, setProblems] = useState<Problems>([]);
  const navigate = useNavigate();
  const refresh = useRefresh(vote.id);
  const electorate = useElectorate(vote);
  const branch = vote.level === 'branch_meeting';
  const left = Math.max((vote.present ?? vote.expected) - vote.papersIssued, 0);
  // Proposes what is left to hand out, until the user types a number of their own.
  useEffect(() => {
    if (!form.isFieldTouched('count')) form.setFieldValue('count', left || undefined);
  }, [left, form]);

  const issue = useMutation({
    mutationFn: (body: Schemas['BallotPapersDto']) =>
      ok(api.POST('/api/votes/{id}/ballot-papers', { params: { path: { id: vote.id } }, body })),
    onSuccess: (papers) => {
      void refresh();
      const state: IssuedPapers = { codes: papers.codes, tallyKey: papers.tallyKey };
      navigate(`/votes/${vote.id}/slips`, { state });
    },
    onError: (err) =>
      setProblems(
        showApiError(form, err, {
          PAPERS_EXCEED_PRESENT: 'count',
          MEMBER_NOT_PRESENT: 'memberIds',
          PAPER_ALREADY_ISSUED: 'memberIds',
        }),
      ),
  });

  return (
    <Card title={h3('发放电子选票')} size="small">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="选票码只显示一次，服务不保存"
        description={
          vote.papersIssued === 0
            ? '首次发放时另附监票人开箱密钥（只显示这一次），结束表决时须输入。发放后请立即打印选票和密钥。'
            : `已发放 ${vote.papersIssued} 张。再次发放不再附开箱密钥，结束表决时使用首次打印的密钥。`
        }
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ count: left || undefined, memberIds: presentByVote.get(vote.id) ?? [] }}
        onFinish={(v) => {
          setProblems([]);
          issue.mutate(branch ? { memberIds: v.memberIds ?? [] } : { count: v.count });
        }}
      >
        {branch ? (
          <Form.Item
            label="领取选票的到会党员（每人一张）"
            name="memberIds"
            rules={[{ required: true, type: 'array', min: 1, message: '请选择领取选票的党员' }]}
            extra="只记录谁领取了选票，不记录谁拿到哪一个选票码。"
          >
            {electorate.loading ? (
              <Spin />
            ) : (
              <Checkbox.Group options={electorate.members.map((m) => ({ value: m.id, label: m.name }))} />
            )}
          </Form.Item>
        ) : (
          <Form.Item
            label="发放张数"
            name="count"
            rules={[{ required: true, message: '请填写发放张数' }]}
            extra={`最多还可发放 ${left} 张（${vote.present === null ? '应到' : '实到'}人数减已发放）`}
          >
            <InputNumber min={1} max={10000} precision={0} style={{ width: 160 }} />
          </Form.Item>
        )}
        <FormProblems problems={problems} />
        <Button type="primary" htmlType="submit" loading={issue.isPending}>
          发放选票并打印
        </Button>
      </Form>
    </Card>
  );
}

// ── close ─────────────────────────────────────────────────────────────────────

/** POST /api/votes/:id/close: tally and apply; an electronic box opens only with the tellers' key. */
export function CloseCard({ vote }: SessionProps) {
  const [form] = Form.useForm<{ tallyKey?: string }>();
  const [problems, setProblems] = useState<Problems>([]);
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const refresh = useRefresh(vote.id);
  const needsKey = vote.mode === 'electronic' && vote.papersIssued > 0;

  const close = useMutation({
    mutationFn: (body: Schemas['CloseVoteDto']) =>
      ok(api.POST('/api/votes/{id}/close', { params: { path: { id: vote.id } }, body })),
    onSuccess: (result) => {
      queries.setQueryData(['votes', vote.id, 'result'], result);
      form.resetFields();
      message.success('表决已结束：已计票，结果已按规定生效');
      return Promise.all([refresh(), queries.invalidateQueries({ queryKey: ['candidates'] })]);
    },
    onError: (err) => setProblems(showApiError(form, err, { TALLY_KEY_INVALID: 'tallyKey' })),
  });

  let note: ReactNode;
  if (vote.mode === 'paper') note = '结束前须录入每位人选的计票结果。';
  else if (vote.papersIssued === 0) note = '尚未发放选票，结束后所有人选均按 0 票计。';
  else note = `已投票 ${vote.ballotsCast} / ${vote.papersIssued} 张。由监票人输入开箱密钥后开箱计票。`;

  return (
    <Card title={h3('结束表决')} size="small">
      <Typography.Paragraph type="secondary">{note} 结束后按规则计票并生效，不能撤回。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblems([]);
          modal.confirm({
            title: '结束表决？',
            content: '结束后将计票并按结果生效，不能撤回。',
            okText: '结束表决',
            cancelText: '取消',
            onOk: () => close.mutate(needsKey ? { tallyKey: v.tallyKey!.trim() } : {}),
          });
        }}
      >
        {needsKey && (
          <Form.Item
            label="开箱密钥"
            name="tallyKey"
            rules={[{ required: true, whitespace: true, message: '请输入监票人开箱密钥' }]}
            extra="发放选票时打印的监票人开箱密钥；大小写、空格和短横线不影响。"
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 3 }}
              className="vote-mono"
              autoComplete="off"
              spellCheck={false}
              disabled={close.isPending}
            />
          </Form.Item>
        )}
        <FormProblems problems={problems} />
        {close.isPending && (
          <Alert
            type="info"
            role="status"
            style={{ marginBottom: 12 }}
            title={
              <Flex gap={8} align="center">
                <Spin size="small" /> 正在{needsKey ? '开箱' : ''}计票并生效…… 人选较多时需要几秒钟，请勿关闭页面。
              </Flex>
            }
          />
        )}
        <Button type="primary" danger htmlType="submit" loading={close.isPending} disabled={close.isPending}>
          结束表决并计票
        </Button>
      </Form>
    </Card>
  );
}

// ── void ──────────────────────────────────────────────────────────────────────

/** POST /api/votes/:id/void: a session opened by mistake (or whose key is lost) is voided, never closed. */
export function VoidCard({ vote }: SessionProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const [problems, setProblems] = useState<Problems>([]);
  const { message, modal } = App.useApp();
  const refresh = useRefresh(vote.id);
  const queries = useQueryClient();

  const annul = useMutation({
    mutationFn: (body: Schemas['VoidVoteDto']) =>
      ok(api.POST('/api/votes/{id}/void', { params: { path: { id: vote.id } }, body })),
    onSuccess: () => {
      message.success('表决已作废');
      return Promise.all([refresh(), queries.invalidateQueries({ queryKey: ['candidates'] })]);
    },
    onError: (err) => setProblems(showApiError(form, err)),
  });

  return (
    <Card title={h3('作废表决')} size="small">
      <Typography.Paragraph type="secondary">
        误开的表决或开箱密钥遗失时作废：不计票、不生效，选票码随即失效，人选可重新表决。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblems([]);
          modal.confirm({
            title: '作废本次表决？',
            content: '作废后不能恢复，选票码全部失效，不计票、不生效。',
            okText: '确认作废',
            okButtonProps: { danger: true },
            cancelText: '取消',
            onOk: () => annul.mutate({ reason: v.reason.trim() }),
          });
        }}
      >
        <Form.Item
          label="作废原因"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请填写作废原因' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <FormProblems problems={problems} />
        <Button danger htmlType="submit" loading={annul.isPending}>
          作废表决
        </Button>
      </Form>
    </Card>
  );
}
