export const ROLES = ['admin', 'department', 'committee', 'branch', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Each role's name as people read it. */
export const ROLE_ZH: Record<Role, string> = {
  admin: '系统管理员',
  department: '组织部',
  committee: '党委',
  branch: '党支部',
  reviewer: '回访员',
};

/** SPEC §12: a higher role may do everything a lower one may; the reviewer stands aside. */
export const BRANCH_UP: Role[] = ['branch', 'committee', 'department', 'admin'];
export const COMMITTEE_UP: Role[] = ['committee', 'department', 'admin'];
export const DEPARTMENT_UP: Role[] = ['department', 'admin'];
export const ADMIN_ONLY: Role[] = ['admin'];
export const ANY_ROLE: Role[] = [...ROLES];

/** The authenticated user behind a request. */
export interface Caller {
  sub: string;
  name: string;
  role: Role;
  /** Absent only for an admin acting everywhere. */
  orgId?: string;
  /** Materialized path of orgId ('' for everywhere): scope is a prefix match. */
  scopePath: string;
}
