import { Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { isoDate } from '../../common/format';
import type { FieldDef } from './commands';
import { memberLabel, type Member } from './data';

/** Shown in Chinese; typed either way (2026年11月10日 or 2026-11-10). */
export const DATE_FORMAT = ['YYYY年M月D日', 'YYYY-MM-DD'];

export function DateInput(props: React.ComponentProps<typeof DatePicker>) {
  return (
    <DatePicker
      format={DATE_FORMAT}
      placeholder="选择日期"
      style={{ width: '100%' }}
      // Enter confirms the typed date; it does not submit the whole form.
      onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
      {...props}
    />
  );
}

/** One command's fields as antd form items, named as the command's body names them. */
export function CommandFields({ fields, members = [] }: { fields: FieldDef[]; members?: Member[] }) {
  return (
    <>
      {fields.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={f.label}
          extra={f.help}
          valuePropName={f.kind === 'check' ? 'checked' : 'value'}
          rules={rulesOf(f)}
        >
          {control(f, members)}
        </Form.Item>
      ))}
    </>
  );
}

function rulesOf(f: FieldDef) {
  if (f.mustBeTrue) {
    return [
      {
        validator: (_: unknown, v: unknown) =>
          v === true ? Promise.resolve() : Promise.reject(new Error(`须${f.text ?? f.label}`)),
      },
    ];
  }
  const rules: { required?: boolean; type?: 'number'; min?: number; message: string }[] = [];
  if (f.required) {
    const verb = f.kind === 'text' || f.kind === 'textarea' || f.kind === 'number' ? '请填写' : '请选择';
    rules.push({ required: true, message: `${verb}${f.label}` });
  }
  if (f.min !== undefined) rules.push({ type: 'number', min: f.min, message: `${f.label}不能小于 ${f.min}` });
  return rules;
}

function control(f: FieldDef, members: Member[]) {
  switch (f.kind) {
    case 'date':
      return <DateInput />;
    case 'text':
      return <Input maxLength={200} />;
    case 'textarea':
      return <Input.TextArea rows={2} maxLength={2000} />;
    case 'number':
      // No clamping: a number out of range is refused with a message, never silently changed.
      return <InputNumber precision={0} suffix={f.unit} style={{ width: 160 }} />;
    case 'radio':
      return <Radio.Group options={f.options} />;
    case 'check':
      return <Checkbox>{f.text}</Checkbox>;
    case 'members':
      return (
        <Select
          mode="multiple"
          placeholder="从本支部党员名册中选择"
          optionFilterProp="label"
          options={[...members]
            .sort((a, b) => Number(b.hasVote) - Number(a.hasVote))
            .map((m) => ({ value: m.id, label: memberLabel(m) }))}
        />
      );
  }
}

/** The form's starting values: the step's recorded input (a correction), else each field's default. */
export function initialValues(fields: FieldDef[], input?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = input ? input[f.name] : f.initial;
    if (f.kind === 'date')
      out[f.name] = value === 'today' ? dayjs() : typeof value === 'string' ? dayjs(value) : undefined;
    else if (value !== undefined) out[f.name] = value;
    else if (f.kind === 'check') out[f.name] = false;
  }
  return out;
}

/** The command's body from the form's values: dates as YYYY-MM-DD, empty text left out. */
export function toBody(fields: FieldDef[], values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'date') {
      if (v) body[f.name] = isoDate(v as Dayjs);
    } else if (typeof v === 'string') {
      if (v.trim()) body[f.name] = v.trim();
    } else if (v !== undefined && v !== null) body[f.name] = v;
  }
  return body;
}
