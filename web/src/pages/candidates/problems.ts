import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { EVENT_ZH, datesZh } from './labels';

export interface Problem {
  code: string;
  message: string;
}
type FieldName = (string | number)[];

/**
 * The date a DATE_IN_FUTURE / DATE_OUT_OF_ORDER message is about, by the label it starts with
 * (the rules name each date: "培训结束日期（2026-01-02）不得早于…"). Unlisted labels go to `date`.
 */
const DATE_LABEL_FIELD: Record<string, FieldName> = {
  出生日期: ['birthDate'],
  申请日期: ['applicationDate'],
  劝退或除名日期: ['priorRemoval', 'on'],
  上级党委备案日期: ['committeeFiledOn'],
  备案日期: ['committeeFiledOn'],
  培训开始日期: ['startDate'],
  培训结束日期: ['endDate'],
};

/** Violation codes that concern one field of a form, whatever the command. */
const CODE_FIELD: Record<string, FieldName> = {
  AGE_UNDER_MINIMUM: ['birthDate'],
  REAPPLICATION_TOO_SOON: ['priorRemoval', 'on'],
  TALK_MISSING: ['date'],
  ACTIVIST_PERIOD_TOO_SHORT: ['date'],
  PROBATION_NOT_ENDED: ['date'],
  APPROVAL_TOO_LATE: ['date'],
  CULTIVATOR_COUNT: ['memberIds'],
  CULTIVATOR_NOT_FORMAL: ['memberIds'],
  INTRODUCER_COUNT: ['memberIds'],
  INTRODUCER_NOT_FORMAL: ['memberIds'],
  MEMBER_NOT_IN_BRANCH: ['memberIds'],
  EXTENSION_OUT_OF_RANGE: ['months'],
  DUPLICATE_APPLICANT: ['idNumber'],
  ORG_NOT_BRANCH: ['orgId'],
};

const DATE_CODES = new Set(['DATE_IN_FUTURE', 'DATE_OUT_OF_ORDER']);

/** Which field a violation belongs to, among the form's fields; undefined: the form as a whole. */
export function fieldOfViolation(v: Problem, has: (name: FieldName) => boolean): FieldName | undefined {
  if (DATE_CODES.has(v.code)) {
    const label = v.message.split('（')[0];
    const field = DATE_LABEL_FIELD[label] ?? ['date'];
    if (has(field)) return field;
    if (has(['date'])) return ['date'];
    return undefined;
  }
  const field = CODE_FIELD[v.code];
  return field && has(field) ? field : undefined;
}

/**
 * Puts what the service refused next to the fields it concerns — a 400's field errors, and each
 * 422 violation on its field (a date violation on the very date it names) — and returns the rest
 * for <FormProblems>. Like common/api-form's showApiError, but routes by the violation's message
 * too, splits merged messages, and writes dates and member ids as people read them.
 */
export function placeProblems(
  form: FormInstance,
  error: unknown,
  options: { names?: Map<string, string>; prefix?: string; extra?: Record<string, FieldName> } = {},
): Problem[] {
  if (!(error instanceof ApiError)) return [{ code: 'ERROR', message: String(error) }];
  const readable = (text: string) => {
    // A replayed history names its steps by type ("第 1 项（create，…）").
    let out = datesZh(text).replace(/（([a-z][a-z_-]*)，/g, (m, type: string) =>
      EVENT_ZH[type] ? `（${EVENT_ZH[type]}，` : m,
    );
    for (const [id, name] of options.names ?? []) out = out.split(id).join(name);
    return out;
  };
  const values = form.getFieldsValue() as Record<string, unknown>;
  const has = (name: FieldName) => {
    let at: unknown = values;
    for (const part of name) {
      if (!at || typeof at !== 'object' || !(part in (at as object))) return false;
      at = (at as Record<string | number, unknown>)[part];
    }
    return true;
  };
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const add = (name: FieldName, message: string) => {
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byField.set(key, entry);
  };
  const rest: Problem[] = [];

  for (const e of error.errors) {
    const path = options.prefix && e.field.startsWith(options.prefix) ? e.field.slice(options.prefix.length) : e.field;
    const name: FieldName = path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const message = readable(e.message.replace(new RegExp(`^${e.field.replace(/[.[\]]/g, '\\$&')}:\\s*`), ''));
    const top: FieldName = [name[0]];
    if (has(name)) add(name, message);
    else if (has(top)) add(top, message);
    else rest.push({ code: e.code, message: `${e.field}：${message}` });
  }
  for (const v of error.violations) {
    const parts = DATE_CODES.has(v.code) ? v.message.split('；') : [v.message];
    for (const part of parts) {
      const p = { code: v.code, message: part };
      const name = options.extra?.[v.code] ?? fieldOfViolation(p, has);
      if (name && has(name)) add(name, readable(part));
      else rest.push({ code: v.code, message: readable(part) });
    }
  }
  if (!error.errors.length && !error.violations.length) {
    const name = options.extra?.[error.code] ?? CODE_FIELD[error.code];
    if (name && has(name)) add(name, readable(error.message));
    else rest.push({ code: error.code, message: readable(error.message) });
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return rest;
}
