import sjson from 'secure-json-parse';
import type { FieldError } from './domain-error';
import { ValidationFailed } from './errors';

/** SPEC §12: a JSON body nests at most 32 levels of objects and arrays (the top level counts as 1). */
export const MAX_JSON_DEPTH = 32;

/** Control characters other than tab, line feed and carriage return: NUL, DEL and the rest. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this guard refuses
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * The depth of a JSON text's arrays and objects, found by one pass over its characters (strings
 * skipped), stopping as soon as it passes the limit: nothing here grows with the depth itself.
 */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Every string (keys included) holding a control character, by field path; bounded by the depth check. */
function controlCharacters(value: unknown, path: string, out: FieldError[]): void {
  if (typeof value === 'string') {
    if (CONTROL.test(value))
      out.push({
        field: path || 'body',
        code: 'controlCharacter',
        message: `${path || 'body'}: 不能含控制字符（如 NUL）`,
      });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharacters(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if (CONTROL.test(k))
        out.push({ field: JSON.stringify(field), code: 'controlCharacter', message: '字段名不能含控制字符' });
      else controlCharacters(v, field, out);
    }
  }
}

/**
 * Every JSON body, on every route, before anything else reads it: too deep → 400; then parsed
 * with prototype-poisoning protection (as Fastify's own parser); then any control character
 * in any string → 400 naming each field. Answers a ValidationFailed, so the error filter writes
 * the usual 400 with every field error.
 */
export function parseJsonBody(text: string): unknown {
  if (tooDeep(text)) {
    throw new ValidationFailed([
      { field: 'body', code: 'maxDepth', message: `body: JSON 嵌套超过 ${MAX_JSON_DEPTH} 层` },
    ]);
  }
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new ValidationFailed([{ field: 'body', code: 'invalidJson', message: 'body: 不是有效的 JSON' }]);
  }
  const errors: FieldError[] = [];
  controlCharacters(value, '', errors);
  if (errors.length) throw new ValidationFailed(errors);
  return value;
}

/** The same for query parameters (`?q=` …): a control character → 400. */
export function checkQuery(query: Record<string, unknown>): void {
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(query)) controlCharacters(v, k, errors);
  if (errors.length) throw new ValidationFailed(errors);
}
