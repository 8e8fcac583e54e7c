import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Space } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts what the service refused next to the fields it concerns: a 400's field errors on their
 * fields, a 422's violations on the field named for their code in `fieldOf` (e.g.
 * `{ DATE_IN_FUTURE: 'date' }`). Returns what belongs to no field, for <FormProblems>.
 */
export function showApiError(
  form: FormInstance,
  error: unknown,
  fieldOf: Record<string, string> = {},
): { code: string; message: string }[] {
  if (!(error instanceof ApiError)) return [{ code: 'ERROR', message: String(error) }];
  const byField = new Map<string, string[]>();
  const rest: { code: string; message: string }[] = [];
  const fields = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  for (const e of error.errors) {
    const field = e.field.split('.')[0];
    if (fields.has(field)) byField.set(field, [...(byField.get(field) ?? []), e.message]);
    else rest.push({ code: e.code, message: `${e.field}：${e.message}` });
  }
  for (const v of error.violations) {
    const field = fieldOf[v.code];
    if (field) byField.set(field, [...(byField.get(field) ?? []), v.message]);
    else rest.push(v);
  }
  if (!error.errors.length && !error.violations.length) rest.push({ code: error.code, message: error.message });
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

/** What the service refused that belongs to no single field, above the form's buttons. */
export function FormProblems({ problems }: { problems: { code: string; message: string }[] }) {
  if (!problems.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={problems.length === 1 ? problems[0].message : '未能办理：'}
      description={
        problems.length > 1 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

/** A page form's buttons: submit (`label`), and 取消 back to `cancelTo` when given. */
export function FormActions({ label, pending, cancelTo }: { label: ReactNode; pending: boolean; cancelTo?: string }) {
  return (
    <Space>
      <Button type="primary" htmlType="submit" loading={pending}>
        {label}
      </Button>
      {cancelTo && (
        <Link to={cancelTo}>
          <Button>取消</Button>
        </Link>
      )}
    </Space>
  );
}
