import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import type { Role } from '../src/auth/roles';
import { Client, Json } from './support/client';
import { auth, startApp, TestApp } from './support/harness';

/**
 * SPEC §12: the OpenAPI document is complete — every operation with a Chinese summary, its
 * parameters, its request body schema (types, enums, limits, required), its success and error
 * responses — and a client generated from it works without reading the code.
 */

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const CJK = /[\u4e00-\u9fff]/;
const ALL_ROLES: readonly Role[] = ['admin', 'department', 'committee', 'branch', 'reviewer'];
const ROOT = join(__dirname, '..');

interface Op {
  key: string;
  method: (typeof METHODS)[number];
  path: string;
  op: Json;
}

describe('OpenAPI document (SPEC §12)', () => {
  let t: TestApp;
  let doc: Json;
  let ops: Op[];

  const resolve = (s: Json): Json => {
    let out = s;
    for (let i = 0; out?.$ref && i < 20; i++) {
      const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(out.$ref)!;
      out = doc.components?.[section]?.[name];
    }
    return out;
  };
  /** The properties of a schema, through $ref and allOf. */
  const propertiesOf = (s: Json): Record<string, Json> => {
    const r = resolve(s) ?? {};
    return Object.assign({}, ...(r.allOf ?? []).map(propertiesOf), r.properties ?? {});
  };
  const jsonSchemaOf = (response: Json): Json => resolve(response)?.content?.['application/json']?.schema;
  /** A success's schema: JSON, or a file (SPEC §15: .xlsx and .docx downloads, binary). */
  const successSchemaOf = (response: Json): Json =>
    jsonSchemaOf(response) ??
    Object.values((resolve(response)?.content ?? {}) as Record<string, Json>).find((c) => c.schema?.format === 'binary')
      ?.schema;

  beforeAll(async () => {
    t = await startApp();
    const res = await t.http.get('/api/docs-json').expect(200);
    doc = res.body;
    ops = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        op: item[method],
      })),
    );
  });
  afterAll(() => t.close());

  it('documents every route of the service, and every row of the summary table is a route', async () => {
    const { OPERATIONS } = await import('../src/openapi');
    expect(ops.length).toBeGreaterThan(60);
    const missing = ops.filter((o) => !OPERATIONS[o.key]).map((o) => o.key);
    const stale = Object.keys(OPERATIONS).filter((k) => !ops.some((o) => o.key === k));
    expect({ missingFromOperationsTable: missing, tableRowsWithoutRoute: stale }).toEqual({
      missingFromOperationsTable: [],
      tableRowsWithoutRoute: [],
    });
  });

  it(
    'every operation has a Chinese summary, its parameters, ' +
      'its body schema, a success and the error responses that apply',
    async () => {
      const validation = getMetadataStorage() as unknown as {
        validationMetadatas: Map<unknown, unknown>;
        getTargetValidationMetadatas(
          target: abstract new (...args: never[]) => unknown,
          schema: string,
          always: boolean,
          strict: boolean,
        ): { propertyName: string; type: string; name?: string; each: boolean }[];
      };
      const dtoByName = new Map<string, abstract new (...args: never[]) => unknown>();
      for (const target of validation.validationMetadatas.keys())
        if (typeof target === 'function')
          dtoByName.set(target.name, target as abstract new (...args: never[]) => unknown);

      const { OPERATIONS } = await import('../src/openapi');
      const problems: string[] = [];
      for (const { key, method, path, op } of ops) {
        const lacks = (what: string) => problems.push(`${key}: ${what}`);
        const responses = op.responses ?? {};
        const params: Json[] = (op.parameters ?? []).map(resolve);

        if (!op.summary || !CJK.test(op.summary)) lacks('a Chinese summary');

        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          if (!params.some((p) => p.in === 'path' && p.name === name && p.required && p.schema))
            lacks(`path parameter ${name}`);
        }

        const content = op.requestBody ? resolve(op.requestBody).content : undefined;
        const body = content?.['application/json']?.schema ?? content?.['multipart/form-data']?.schema;
        if (op.requestBody) {
          const props = propertiesOf(body);
          if (!Object.keys(props).length) lacks('a request body schema with properties');
          // Against the DTO itself: every field it requires is `required`, every IsIn field has its enum.
          const dto = body?.$ref ? dtoByName.get(body.$ref.split('/').pop()) : undefined;
          if (body?.$ref && !dto) lacks(`a DTO behind ${body.$ref}`);
          if (dto) {
            const schema = resolve(body);
            const metas = validation.getTargetValidationMetadatas(dto, '', true, false);
            const optional = new Set(
              metas.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName),
            );
            for (const field of new Set(metas.map((m) => m.propertyName))) {
              if (!props[field]) lacks(`body field ${field} in the schema`);
              else if (!optional.has(field) && !(schema.required ?? []).includes(field))
                lacks(`body field ${field} listed as required`);
            }
            for (const m of metas.filter((x) => x.name === 'isIn')) {
              const p = resolve(props[m.propertyName]);
              if (!(m.each ? resolve(p?.items)?.enum : p?.enum)) lacks(`the enum of body field ${m.propertyName}`);
            }
          }
        } else if (method === 'patch' || method === 'put') lacks('a request body');

        const success = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
        if (!success.length) lacks('a success response');
        for (const s of success) {
          if (!resolve(responses[s]).description) lacks(`a description of ${s}`);
          if (s !== '204' && !successSchemaOf(responses[s])) lacks(`a schema for ${s}`);
        }

        const needs = (status: string, why: boolean, shape?: (schema: Json) => boolean) => {
          if (!why) return;
          const r = responses[status];
          if (!r) return lacks(`a ${status} response`);
          const schema = jsonSchemaOf(r);
          if (!schema) return lacks(`a schema for ${status}`);
          if (shape && !shape(schema)) lacks(`the documented shape of ${status}`);
        };
        const isPublic = !op.security?.length;
        const roles: string[] | undefined = op['x-roles'];
        if (!isPublic && !roles?.length) lacks('x-roles (who may call it)');
        const hasInput = !!op.requestBody || params.some((p) => p.in === 'query' || p.in === 'header');
        needs(
          '400',
          hasInput,
          (s) =>
            ['statusCode', 'error', 'code', 'message', 'correlationId', 'errors'].every((k) => k in propertiesOf(s)) &&
            !!resolve(propertiesOf(s).errors.items)?.properties?.field,
        );
        needs('401', !isPublic);
        needs('403', !isPublic && (roles?.length ?? 0) < ALL_ROLES.length);
        needs('404', /\{\w+\}/.test(path));
        const idempotent = params.some(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key' && /409/.test(p.description ?? ''),
        );
        needs('409', idempotent, (s) => 'code' in propertiesOf(s));
        const gated = !!op.requestBody && (method === 'post' || method === 'patch') && OPERATIONS[key]?.gates !== false;
        needs('422', gated, (s) => {
          const props = propertiesOf(s);
          return (
            props.error?.enum?.[0] === 'GateViolation' &&
            !!propertiesOf(props.violations?.items).code &&
            'code' in props &&
            'message' in props
          );
        });
        needs('429', path.startsWith('/api/public/'));
        for (const status of Object.keys(responses).filter((s) => /^[45]\d\d$/.test(s))) {
          if (!resolve(responses[status])?.description) lacks(`a description of ${status}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  describe('against the running service', () => {
    let deptId: string;
    const fill = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_, name) =>
        name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'NO-SUCH-CODE',
      );
    const call = (o: Op, headers: Record<string, string> = {}) => {
      const req = (t.http as Json)[o.method](fill(o.path)).set(headers);
      return o.method === 'get' ? req : req.send({});
    };

    beforeAll(async () => {
      const admin = new Client(t, t.token('admin'));
      deptId = (await admin.ok<{ id: string }>('/api/organizations', { name: '文档测试组织部', kind: 'department' }))
        .id;
    });

    it(
      'answers 401 without a token exactly where the document asks for one, ' + 'and 403 to the roles it does not list',
      async () => {
        const wrong: string[] = [];
        for (const o of ops) {
          const isPublic = !o.op.security?.length;
          const anonymous = await call(o);
          if (isPublic === (anonymous.status === 401))
            wrong.push(
              `${o.key}: documented ${isPublic ? 'public' : 'with login'}, ` +
                `answered ${anonymous.status} without a token`,
            );
          const roles: Role[] = o.op['x-roles'] ?? [];
          const outsider = ALL_ROLES.find((r) => !roles.includes(r));
          if (!isPublic && outsider) {
            const res = await call(o, auth(t.token(outsider, outsider === 'admin' ? undefined : deptId)));
            if (res.status !== 403)
              wrong.push(`${o.key}: x-roles ${roles.join(',')}, but ${outsider} got ${res.status}`);
          }
          for (const r of roles) {
            const res = await call(o, auth(t.token(r, r === 'admin' ? undefined : deptId)));
            if (res.status === 403 && res.body.code === 'FORBIDDEN' && /无权执行此操作|未开放/.test(res.body.message))
              wrong.push(`${o.key}: x-roles lists ${r}, which got 403`);
          }
        }
        expect(wrong).toEqual([]);
      },
    );

    it('answers what the success schemas say', async () => {
      const admin = new Client(t, t.token('admin'));
      const answers: [string, number, Json][] = [];
      const post = async (key: string, url: string, body: object) => {
        const res = await admin.post(url, body);
        answers.push([key, res.status, res.body]);
        return res.body;
      };
      const committee = await post('POST /api/organizations', '/api/organizations', {
        name: '文档测试党委',
        kind: 'committee',
        parentId: deptId,
      });
      const branch = await post('POST /api/organizations', '/api/organizations', {
        name: '文档测试支部',
        kind: 'branch',
        parentId: committee.id,
      });
      const member = await post('POST /api/organizations/{id}/members', `/api/organizations/${branch.id}/members`, {
        name: '李明',
        status: 'formal',
        joinedOn: '2010-07-01',
      });
      const candidate = await post('POST /api/candidates', '/api/candidates', {
        orgId: branch.id,
        name: '张晓',
        gender: 'female',
        birthDate: '1998-04-02',
        applicationDate: '2025-01-10',
        ethnicity: '汉族',
        idNumber: '330106199804021234',
      });
      await post('POST /api/candidates/{id}/talk', `/api/candidates/${candidate.id}/talk`, {
        date: '2025-01-20',
        by: '支部书记',
      });
      const patched = await admin.patch(`/api/members/${member.id}`, { votingRights: false });
      answers.push(['PATCH /api/members/{id}', patched.status, patched.body]);
      const paths: [string, string][] = [
        ['GET /api/organizations/{id}', `/api/organizations/${branch.id}`],
        ['GET /api/organizations/{id}/members', `/api/organizations/${branch.id}/members`],
        ['GET /api/candidates/{id}', `/api/candidates/${candidate.id}`],
      ];
      // Every GET that needs nothing but a token (lists, the catalog, the ledger, the health check).
      for (const o of ops.filter(
        (x) => x.method === 'get' && !/\{/.test(x.path) && !(x.op.parameters ?? []).some((p: Json) => p.required),
      ))
        paths.push([o.key, o.path]);
      for (const [key, url] of paths.filter(([key]) => key !== 'GET /api/auth/me')) {
        const res = await admin.get(url);
        answers.push([key, res.status, res.body]);
      }
      // Who am I: a signed-in account (an integration token has none).
      const password = 'document password';
      await post('POST /api/users', '/api/users', { username: 'doc.user', name: '文档', role: 'admin', password });
      const login = await t.http.post('/api/auth/login').send({ username: 'doc.user', password });
      answers.push(['POST /api/auth/login', login.status, login.body]);
      const me = await new Client(t, login.body.accessToken as string).get('/api/auth/me');
      answers.push(['GET /api/auth/me', me.status, me.body]);

      const problems: string[] = [];
      for (const [key, status, body] of answers) {
        const [method, path] = key.split(' ');
        const response = doc.paths[path][method.toLowerCase()].responses[String(status)];
        if (!response || status >= 300) {
          problems.push(`${key}: answered ${status} ${JSON.stringify(body).slice(0, 200)}`);
          continue;
        }
        if (jsonSchemaOf(response)) checkSchema(jsonSchemaOf(response), body, key, problems);
        else if (!successSchemaOf(response)) problems.push(`${key}: no schema`);
      }
      expect(problems).toEqual([]);
    });

    /**
     * Enough of JSON Schema for the success schemas: $ref, allOf, nullable, type, enum, format,
     * required, properties, items.
     */
    function checkSchema(schema: Json, value: Json, at: string, problems: string[]): void {
      const s = resolve(schema);
      if (!s) return void problems.push(`${at}: no schema`);
      if (value === null) {
        if (!s.nullable) problems.push(`${at}: null, not nullable`);
        return;
      }
      for (const part of s.allOf ?? []) checkSchema(part, value, at, problems);
      if (s.enum && !s.enum.includes(value))
        problems.push(`${at}: ${JSON.stringify(value)} not in ${s.enum.join('|')}`);
      const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
      if (s.type && !(s.type === type || (s.type === 'number' && type === 'integer')))
        return void problems.push(`${at}: ${type}, documented ${s.type}`);
      if (s.format === 'uuid' && !/^[0-9a-f-]{36}$/i.test(value)) problems.push(`${at}: not a uuid: ${value}`);
      if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push(`${at}: not a date: ${value}`);
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value)))
        problems.push(`${at}: not a date-time: ${value}`);
      if (type === 'array' && s.items)
        value.forEach((v: Json, i: number) => checkSchema(s.items, v, `${at}[${i}]`, problems));
      if (type === 'object') {
        for (const k of s.required ?? []) if (!(k in value)) problems.push(`${at}: no ${k}`);
        for (const [k, v] of Object.entries(value)) {
          if (s.properties?.[k]) checkSchema(s.properties[k], v, `${at}.${k}`, problems);
          else if (s.additionalProperties && typeof s.additionalProperties === 'object')
            checkSchema(s.additionalProperties, v, `${at}.${k}`, problems);
        }
      }
    }
  });

  it('generates a typed client (openapi-typescript) that a strict TypeScript program type-checks against', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      const run = (args: string[]) => {
        try {
          return execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
        } catch (err) {
          const e = err as { stdout?: string; stderr?: string; message: string };
          throw new Error(`${args.slice(0, 2).join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`, {
            cause: err,
          });
        }
      };
      run([join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), 'openapi.json', '-o', 'api.d.ts']);
      writeFileSync(join(dir, 'program.ts'), PROGRAM);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            module: 'commonjs',
            lib: ['ES2022'],
            types: [],
            skipLibCheck: false,
            noUnusedLocals: false,
          },
          files: ['program.ts', 'api.d.ts'],
        }),
      );
      run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);

      // STYLE: the console talks to the API it documents — its client's types are this document's.
      const CONSOLE_TYPES = join(ROOT, 'web/src/api/schema.d.ts');
      const generated = readFileSync(join(dir, 'api.d.ts'), 'utf8');
      if (process.env.UPDATE_API_TYPES === '1') writeFileSync(CONSOLE_TYPES, generated);
      expect({ file: CONSOLE_TYPES, upToDate: readFileSync(CONSOLE_TYPES, 'utf8') === generated }).toEqual({
        file: CONSOLE_TYPES,
        upToDate: true, // if not: UPDATE_API_TYPES=1 npx jest --selectProjects service -- test/openapi.e2e-spec.ts
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A newcomer's program against the generated types. Each @ts-expect-error line must fail to
 * type-check (tsc reports an unused directive otherwise), so the types are really checked.
 */
const PROGRAM = `
import type { components, paths } from './api';

type CreateCandidate = paths['/api/candidates']['post']['requestBody']['content']['application/json'];
type Candidate = paths['/api/candidates']['post']['responses'][201]['content']['application/json'];
type CandidateList = paths['/api/candidates']['get']['responses'][200]['content']['application/json'];
type ListQuery = NonNullable<paths['/api/candidates']['get']['parameters']['query']>;
type Talk = paths['/api/candidates/{id}/talk']['post']['requestBody']['content']['application/json'];
type TalkPath = paths['/api/candidates/{id}/talk']['post']['parameters']['path'];
type Refused = paths['/api/candidates/{id}/activist']['post']['responses'][422]['content']['application/json'];
type Invalid = paths['/api/candidates']['post']['responses'][400]['content']['application/json'];
type CreateVote = components['schemas']['CreateVoteDto'];
type Ballot = paths['/api/ballots']['post']['requestBody']['content']['application/json'];

const create: CreateCandidate = {
  orgId: '0b7c4a36-4f61-4d3c-9a53-5c2f0f4b1a10',
  name: '张晓',
  gender: 'female',
  birthDate: '1998-04-02',
  applicationDate: '2026-11-01',
  priorRemoval: { kind: 'persuaded', on: '2019-05-01' },
};
// @ts-expect-error gender is 'male' | 'female'
const wrongGender: CreateCandidate = { ...create, gender: 'unknown' };
// @ts-expect-error name is required
const noName: CreateCandidate = {
  orgId: create.orgId,
  gender: 'male',
  birthDate: '1990-01-01',
  applicationDate: '2026-01-01',
};
// @ts-expect-error unknown fields are refused (400), so the type has none
const extra: CreateCandidate = { ...create, nickname: '小张' };

const query: ListQuery = { stage: 'development_object', page: 2, limit: 50 };
// @ts-expect-error not a stage
const badQuery: ListQuery = { stage: 'member' };
const talk: [TalkPath, Talk] = [{ id: 'c0ffee00-0000-4000-8000-000000000000' }, { date: '2026-11-10', by: '支部书记' }];

function describe(c: Candidate): string {
  const next = c.next.filter((n) => n.ok).map((n) => n.command).join(', ');
  const masked: string | null = c.idNumberMasked;
  const dues = c.deadlines.map((d) => d.dueOn).join(' ');
  const events = \`\${c.timeline.length} events\`;
  return \`\${c.name} (\${c.stage}, deferred: \${c.deferred}) \${masked ?? ''} → \${next}; \${events}, \${dues}\`;
}
// @ts-expect-error stage is an enum
const badStage: Candidate['stage'] = 'member';
const names = (page: CandidateList): string[] => page.items.map((c) => c.name).concat(String(page.total));
const reasons = (err: Refused): string[] => err.violations.map((v) => \`\${v.code}: \${v.message}\`);
const fields = (err: Invalid): string[] => (err.errors ?? []).map((e) => e.field);

const vote: CreateVote = {
  level: 'branch_meeting',
  purpose: 'admission',
  orgId: create.orgId,
  meetingDate: '2026-12-01',
  mode: 'electronic',
  excused: [{ memberId: create.orgId, reason: 'abroad_over_6_months' }],
};
// @ts-expect-error not a reason the rules recognise
const badExcuse: CreateVote = { ...vote, excused: [{ memberId: create.orgId, reason: 'busy' }] };
const ballot: Ballot = { code: 'ABCD-EFGH', choices: { [create.orgId]: 'approve' } };
// @ts-expect-error a choice is approve | reject | abstain
const badBallot: Ballot = { code: 'ABCD-EFGH', choices: { [create.orgId]: 'yes' } };

export const used = [
  create, wrongGender, noName, extra, query, badQuery, talk, describe, badStage,
  names, reasons, fields, vote, badExcuse, ballot, badBallot,
];
`;
