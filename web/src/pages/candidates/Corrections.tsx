import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, Form, Input, Modal, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok } from '../../api/client';
import { FormProblems } from '../../common/api-form';
import { isoDate } from '../../common/format';
import type { CommandDef } from './commands';
import { useOrganizations, useRefreshAfterWrite, type CandidateDetail, type Member, type TimelineEntry } from './data';
import { CommandFields, DateInput, initialValues, toBody } from './fields';
import { EVENT_ZH } from './labels';
import { placeProblems, type Problem } from './problems';

/** A button that opens a dialog holding a form (the form mounts with the dialog, fresh each time). */
function DialogButton({
  label,
  title,
  children,
  size,
}: {
  label: string;
  title: string;
  size?: 'small';
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size={size} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal open={open} title={title} onCancel={() => setOpen(false)} footer={null} destroyOnHidden width={600}>
        {children(() => setOpen(false))}
      </Modal>
    </>
  );
}

function Buttons({ busy, close }: { busy: boolean; close(): void }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
      <Button onClick={close}>取消</Button>
      <Button type="primary" htmlType="submit" loading={busy}>
        提交
      </Button>
    </Space>
  );
}

const reasonItem = (
  <Form.Item name="reason" label="更正理由" rules={[{ required: true, whitespace: true, message: '请填写更正理由' }]}>
    <Input.TextArea rows={2} maxLength={2000} />
  </Form.Item>
);

// ── 更正个人信息 (PATCH /api/candidates/{id}) ────────────────────────────────────────

const PERSONAL_TEXT = ['name', 'ethnicity', 'education', 'occupation', 'workUnit'] as const;

export function PersonalCorrection({ candidate }: { candidate: CandidateDetail }) {
  return (
    <DialogButton label="更正个人信息" title={`更正个人信息 — ${candidate.name}`}>
      {(close) => <PersonalForm candidate={candidate} close={close} />}
    </DialogButton>
  );
}

function PersonalForm({ candidate, close }: { candidate: CandidateDetail; close(): void }) {
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<Problem[]>([]);
  const refresh = useRefreshAfterWrite();
  const { message } = App.useApp();
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      ok(api.PATCH('/api/candidates/{id}', { params: { path: { id: candidate.id } }, body: body as never })),
    onSuccess: (detail) => {
      refresh(detail as CandidateDetail);
      void message.success('个人信息已更正');
      close();
    },
    onError: (err) => setProblems(placeProblems(form, err)),
  });

  const submit = (v: Record<string, unknown>) => {
    const body: Record<string, unknown> = {};
    for (const f of PERSONAL_TEXT) {
      const now = ((v[f] as string | undefined) ?? '').trim();
      if (now !== (candidate[f] ?? '')) body[f] = now;
    }
    if (v.gender !== candidate.gender) body.gender = v.gender;
    const birth = isoDate(v.birthDate as Dayjs);
    if (birth && birth !== candidate.birthDate) body.birthDate = birth;
    if (v.frontline !== candidate.frontline) body.frontline = v.frontline;
    if (v.highKnowledge !== candidate.highKnowledge) body.highKnowledge = v.highKnowledge;
    const id = ((v.idNumber as string | undefined) ?? '').trim();
    if (id) body.idNumber = id.toUpperCase();
    if (!Object.keys(body).length) return setProblems([{ code: 'UNCHANGED', message: '未作任何修改' }]);
    setProblems([]);
    mutation.mutate({ ...body, reason: (v.reason as string).trim() });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        name: candidate.name,
        gender: candidate.gender,
        birthDate: dayjs(candidate.birthDate),
        ethnicity: candidate.ethnicity ?? '',
        education: candidate.education ?? '',
        occupation: candidate.occupation ?? '',
        workUnit: candidate.workUnit ?? '',
        frontline: candidate.frontline,
        highKnowledge: candidate.highKnowledge,
        idNumber: '',
      }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="gender" label="性别">
            <Radio.Group
              options={[
                { value: 'male', label: '男' },
                { value: 'female', label: '女' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="birthDate" label="出生日期" rules={[{ required: true, message: '请选择出生日期' }]}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ethnicity" label="民族">
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="education" label="学历">
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="occupation" label="职业">
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="workUnit" label="工作单位">
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="frontline" label="一线" valuePropName="checked">
            <Checkbox>生产、工作一线</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="highKnowledge" label="高知识群体" valuePropName="checked">
            <Checkbox>高知识群体</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="idNumber"
            label="身份证号码"
            extra={`现为 ${candidate.idNumberMasked ?? '未登记'}；不改则留空。号码只以脱敏形式保存`}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      {reasonItem}
      <FormProblems problems={problems} />
      <Buttons busy={mutation.isPending} close={close} />
    </Form>
  );
}

// ── 更正环节 (POST /api/candidates/{id}/events/{seq}/corrections) ───────────────────

/** A step's input as it now stands: the recorded one with every later correction applied. */
export function effectiveStep(entry: TimelineEntry, timeline: TimelineEntry[]): Record<string, unknown> {
  let input = { ...((entry.input as Record<string, unknown>) ?? {}) };
  for (const c of timeline) {
    if (c.type !== 'step-correction') continue;
    const data = c.input as { seq: number; date?: string; input?: Record<string, unknown> };
    if (data.seq !== entry.seq) continue;
    input = { ...input, ...(data.input ?? {}), ...(data.date && 'date' in input ? { date: data.date } : {}) };
  }
  return input;
}

export function StepCorrection({
  candidate,
  entry,
  def,
  members,
  names,
}: {
  candidate: CandidateDetail;
  entry: TimelineEntry;
  def: CommandDef;
  members: Member[];
  names: Map<string, string>;
}) {
  return (
    <DialogButton
      size="small"
      label="更正环节"
      title={`更正第 ${entry.seq} 条：${EVENT_ZH[entry.type] ?? entry.type} — ${candidate.name}`}
    >
      {(close) => (
        <StepForm candidate={candidate} entry={entry} def={def} members={members} names={names} close={close} />
      )}
    </DialogButton>
  );
}

function StepForm({
  candidate,
  entry,
  def,
  members,
  names,
  close,
}: {
  candidate: CandidateDetail;
  entry: TimelineEntry;
  def: CommandDef;
  members: Member[];
  names: Map<string, string>;
  close(): void;
}) {
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<Problem[]>([]);
  const refresh = useRefreshAfterWrite();
  const { message } = App.useApp();
  const current = effectiveStep(entry, candidate.timeline as TimelineEntry[]);
  const before = toBody(def.fields, initialValues(def.fields, current));
  const mutation = useMutation({
    mutationFn: (body: { date?: string; input?: Record<string, unknown>; reason: string }) =>
      ok(
        api.POST('/api/candidates/{id}/events/{seq}/corrections', {
          params: { path: { id: candidate.id, seq: entry.seq } },
          body,
        }),
      ),
    onSuccess: (detail) => {
      refresh(detail as CandidateDetail);
      void message.success(`第 ${entry.seq} 条已更正`);
      close();
    },
    onError: (err) => setProblems(placeProblems(form, err, { names, prefix: 'input.' })),
  });

  const submit = (values: Record<string, unknown>) => {
    const after = toBody(def.fields, values);
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    if (!changed.length) return setProblems([{ code: 'UNCHANGED', message: '未作任何修改' }]);
    setProblems([]);
    const input = Object.fromEntries(changed.filter((k) => k !== 'date').map((k) => [k, after[k]]));
    mutation.mutate({
      ...(changed.includes('date') ? { date: after.date as string } : {}),
      ...(Object.keys(input).length ? { input } : {}),
      reason: (values.reason as string).trim(),
    });
  };

  return (
    <Form form={form} layout="vertical" initialValues={initialValues(def.fields, current)} onFinish={submit}>
      <p style={{ marginTop: 0 }}>
        原记录保留在时间线上并标为已更正；更正后按规则重新核验此后各环节，任何环节不再符合条件则不予更正。
      </p>
      <CommandFields fields={def.fields} members={members} />
      {reasonItem}
      <FormProblems problems={problems} />
      <Buttons busy={mutation.isPending} close={close} />
    </Form>
  );
}

// ── 转接组织关系 (POST /api/candidates/{id}/transfer) ───────────────────────────────

export function TransferDialog({ candidate }: { candidate: CandidateDetail }) {
  return (
    <DialogButton label="转接组织关系" title={`转接组织关系 — ${candidate.name}`}>
      {(close) => <TransferForm candidate={candidate} close={close} />}
    </DialogButton>
  );
}

function TransferForm({ candidate, close }: { candidate: CandidateDetail; close(): void }) {
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<Problem[]>([]);
  const { branches, byId } = useOrganizations();
  const refresh = useRefreshAfterWrite();
  const { message } = App.useApp();
  const mutation = useMutation({
    mutationFn: (v: { toOrgId: string; date: Dayjs; reason: string }) =>
      ok(
        api.POST('/api/candidates/{id}/transfer', {
          params: { path: { id: candidate.id } },
          body: { toOrgId: v.toOrgId, date: isoDate(v.date)!, reason: v.reason.trim() },
        }),
      ),
    onSuccess: (detail) => {
      refresh(detail as CandidateDetail);
      void message.success('组织关系已转接');
      close();
    },
    onError: (err) => setProblems(placeProblems(form, err, { extra: { ORG_NOT_BRANCH: ['toOrgId'] } })),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ date: dayjs() }}
      onFinish={(v) => {
        setProblems([]);
        mutation.mutate(v);
      }}
    >
      <p style={{ marginTop: 0 }}>
        转出：{byId.get(candidate.orgId)?.name ?? '本支部'}
        。培养考察期、预备期连续计算；培养联系人、入党介绍人须由转入支部重新确定。
      </p>
      <Form.Item name="toOrgId" label="转入党支部" rules={[{ required: true, message: '请选择转入党支部' }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={branches.filter((b) => b.id !== candidate.orgId).map((b) => ({ value: b.id, label: b.name }))}
        />
      </Form.Item>
      <Form.Item name="date" label="转接日期" rules={[{ required: true, message: '请选择转接日期' }]}>
        <DateInput />
      </Form.Item>
      <Form.Item
        name="reason"
        label="转接原因"
        rules={[{ required: true, whitespace: true, message: '请填写转接原因' }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <FormProblems problems={problems} />
      <Buttons busy={mutation.isPending} close={close} />
    </Form>
  );
}
