import { auth, TestApp } from './harness';

export interface OrgTree {
  admin: string;
  department: { id: string; token: string };
  committee: { id: string; token: string };
  branch: { id: string; token: string };
  otherBranch: { id: string; token: string };
  members: { id: string; name: string }[];
}

async function post<T = { id: string }>(t: TestApp, token: string, url: string, body: object): Promise<T> {
  const res = await t.http.post(url).set(auth(token)).send(body);
  if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** 县委组织部 → 某党委 → 第一支部 (with `formal` formal members) and 第二支部. */
export async function orgTree(t: TestApp, formal = 5): Promise<OrgTree> {
  const admin = t.token('admin');
  const department = await post(t, admin, '/api/organizations', { name: '县委组织部', kind: 'department' });
  const committee = await post(t, admin, '/api/organizations', {
    name: '机关党委',
    kind: 'committee',
    parentId: department.id,
  });
  const branch = await post(t, admin, '/api/organizations', {
    name: '第一党支部',
    kind: 'branch',
    parentId: committee.id,
  });
  const otherBranch = await post(t, admin, '/api/organizations', {
    name: '第二党支部',
    kind: 'branch',
    parentId: committee.id,
  });
  const members: { id: string; name: string }[] = [];
  for (let i = 1; i <= formal; i++) {
    const name = `党员${i}`;
    const m = await post(t, admin, `/api/organizations/${branch.id}/members`, {
      name,
      status: 'formal',
      joinedOn: '2010-07-01',
    });
    members.push({ id: m.id, name });
  }
  return {
    admin,
    department: { id: department.id, token: t.token('department', department.id) },
    committee: { id: committee.id, token: t.token('committee', committee.id) },
    branch: { id: branch.id, token: t.token('branch', branch.id) },
    otherBranch: { id: otherBranch.id, token: t.token('branch', otherBranch.id) },
    members,
  };
}
