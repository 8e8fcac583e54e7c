import { Client } from './client';
import type { TestApp } from './harness';

export interface OrgTree {
  admin: string;
  department: { id: string; token: string };
  committee: { id: string; token: string };
  branch: { id: string; token: string };
  otherBranch: { id: string; token: string };
  members: { id: string; name: string }[];
}

/** 县委组织部 → 某党委 → 第一支部 (with `formal` formal members) and 第二支部. */
export async function orgTree(t: TestApp, formal = 5): Promise<OrgTree> {
  const admin = t.token('admin');
  const as = new Client(t, admin);
  const org = (name: string, kind: string, parentId?: string) =>
    as.ok<{ id: string }>('/api/organizations', { name, kind, parentId });
  const department = await org('县委组织部', 'department');
  const committee = await org('机关党委', 'committee', department.id);
  const branch = await org('第一党支部', 'branch', committee.id);
  const otherBranch = await org('第二党支部', 'branch', committee.id);
  const members: { id: string; name: string }[] = [];
  for (let i = 1; i <= formal; i++) {
    const name = `党员${i}`;
    const body = { name, status: 'formal', joinedOn: '2010-07-01' };
    const m = await as.ok<{ id: string }>(`/api/organizations/${branch.id}/members`, body);
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

/**
 * A second committee under the tree's department (另一党委) with a branch (外单位支部) of 3
 * formal members, shaped as an OrgTree (its admin, department and other branch are the tree's).
 */
export async function foreignTree(t: TestApp, tree: OrgTree): Promise<OrgTree> {
  const as = new Client(t, tree.admin);
  const org = (body: object) => as.ok<{ id: string }>('/api/organizations', body);
  const committee = await org({ name: '另一党委', kind: 'committee', parentId: tree.department.id });
  const branch = await org({ name: '外单位支部', kind: 'branch', parentId: committee.id });
  const members: { id: string; name: string }[] = [];
  for (let i = 1; i <= 3; i++) {
    const name = `外单位党员${i}`;
    const body = { name, status: 'formal', joinedOn: '2010-07-01' };
    const m = await as.ok<{ id: string }>(`/api/organizations/${branch.id}/members`, body);
    members.push({ id: m.id, name });
  }
  return {
    ...tree,
    committee: { id: committee.id, token: t.token('committee', committee.id) },
    branch: { id: branch.id, token: t.token('branch', branch.id) },
    members,
  };
}
