import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Space } from 'antd';
import { api, ok } from '../../api/client';
import { FormProblems } from '../../common/api-form';
import type { CommandDef } from './commands';
import { useRefreshAfterWrite, type CandidateDetail, type Member, type NextCommand } from './data';
import { CommandFields, initialValues, toBody } from './fields';
import { datesZh } from './labels';
import { placeProblems, type Problem } from './problems';

/** POST /api/candidates/{id}/<command>: every command answers the candidate as it now stands. */
export function runCommand(id: string, command: string, body: Record<string, unknown>): Promise<CandidateDetail> {
  // The path is one of the typed command paths; the body was built from that command's fields.
  const path = `/api/candidates/{id}/${command}` as '/api/candidates/{id}/talk';
  return ok(api.POST(path, { params: { path: { id } }, body: body as never })) as Promise<CandidateDetail>;
}

/** What the gates say today about a command, before anything is submitted. */
export function GateNotice({ gate, label }: { gate?: NextCommand; label: string }) {
  if (!gate) return null;
  if (gate.ok)
    return (
      <Alert
        type="success"
        showIcon
        role="status"
        title={`按今天的情况，可以办理“${label}”`}
        style={{ marginBottom: 16 }}
      />
    );
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      style={{ marginBottom: 16 }}
      title={`按今天的情况，办理“${label}”尚不满足以下条件：`}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {gate.violations.map((v) => (
            <li key={v.code + v.message}>{datesZh(v.message)}</li>
          ))}
        </ul>
      }
    />
  );
}

interface Props {
  def: CommandDef;
  candidate: CandidateDetail;
  gate?: NextCommand;
  members: Member[];
  names: Map<string, string>;
  danger?: boolean;
}

/** A button named by the command; it opens the command's form in a dialog. */
export function CommandDialog({ def, candidate, gate, members, names, danger }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type={danger ? 'default' : 'primary'} danger={danger} onClick={() => setOpen(true)}>
        {def.label}
      </Button>
      <Modal
        open={open}
        title={`${def.label} — ${candidate.name}`}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
        width={560}
      >
        <CommandForm
          def={def}
          candidate={candidate}
          gate={gate}
          members={members}
          names={names}
          onDone={() => setOpen(false)}
        />
      </Modal>
    </>
  );
}

function CommandForm({ def, candidate, gate, members, names, onDone }: Omit<Props, 'danger'> & { onDone(): void }) {
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<Problem[]>([]);
  const refresh = useRefreshAfterWrite();
  const { message } = App.useApp();
  const prefill =
    def.command === 'cultivators'
      ? { memberIds: candidate.record.cultivatorIds ?? [] }
      : def.command === 'introducers'
        ? { memberIds: candidate.record.introducerIds ?? [] }
        : undefined;
  const mutation = useMutation({
    mutationFn: (values: Record<string, unknown>) => runCommand(candidate.id, def.command, toBody(def.fields, values)),
    onSuccess: (detail) => {
      refresh(detail);
      void message.success(`已记录：${def.label}`);
      onDone();
    },
    onError: (err) => setProblems(placeProblems(form, err, { names })),
  });

  return (
    <>
      <GateNotice gate={gate} label={def.label} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ ...initialValues(def.fields), ...prefill }}
        onFinish={(values) => {
          setProblems([]);
          mutation.mutate(values);
        }}
        onValuesChange={() => problems.length && setProblems([])}
      >
        <CommandFields fields={def.fields} members={members} />
        <FormProblems problems={problems} />
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onDone}>取消</Button>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            提交
          </Button>
        </Space>
      </Form>
    </>
  );
}
