import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Result, Select, TreeSelect, Typography } from 'antd';
import { api, ApiError, ok, type Schemas } from '../api/client';
import { useSession } from '../auth/session';
import { STAGE_ZH } from './format';
import { AREAS } from '../layout/areas';

// Pickers and names the console's areas share: organizations, candidates, roster members; Chinese names.

/**
 * A plain refusal for a role the menu does not offer the area to (SPEC §12), rather than a page
 * whose every request answers 403.
 */
export function AreaGate({ area, children }: { area?: string; children: ReactNode }) {
  const { user } = useSession();
  const allowed = !area || !user || (AREAS.find((a) => a.path === area)?.roles.includes(user.role) ?? true);
  return <>{allowed ? children : <Result status="403" title="您的角色不能使用此功能" />}</>;
}

/** Back to an area's list; not printed. (Inside Typography so that it takes the readable link colour.) */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Typography.Paragraph className="no-print">
      <Link to={to}>{children}</Link>
    </Typography.Paragraph>
  );
}

/** Tag colours dark enough to read on their light backgrounds (antd's presets are not, for green and orange). */
export const TAG_COLOR = {
  green: '#237804',
  orange: '#ad4e00',
  red: '#a8071a',
  blue: '#0958d9',
  purple: '#531dab',
} as const;

export type Organization = Schemas['Organization'];
export type OrgKind = Organization['kind'];
export type Stage = Schemas['Candidate']['stage'];

export const ORG_KIND_ZH: Record<OrgKind, string> = {
  department: '组织部',
  committee: '党委（党工委）',
  general_branch: '党总支',
  branch: '党支部',
};

/** What the service refused, in one line (for a message or a confirmation's error). */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.violations.length) return err.violations.map((v) => v.message).join('；');
  if (err.errors.length) return err.errors.map((e) => e.message).join('；');
  return err.message;
}

export const GENDER_ZH: Record<'male' | 'female', string> = { male: '男', female: '女' };

/** Every organization in the caller's scope (at most 500, the API's page limit). */
export function useOrganizations() {
  const query = useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: () => ok(api.GET('/api/organizations', { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const items = useMemo(() => query.data?.items ?? [], [query.data]);
  const byId = useMemo(() => new Map(items.map((o) => [o.id, o])), [items]);
  return { ...query, items, byId, name: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '') : '') };
}

export interface OrgNode {
  org: Organization;
  children: OrgNode[];
}

/** The scope's organizations as a forest: the roots are those whose parent is out of scope. */
export function orgForest(items: Organization[]): OrgNode[] {
  const nodes = new Map(items.map((org) => [org.id, { org, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

/** An organization in scope, picked from its tree; `kinds` limits which may be chosen. */
export function OrgSelect({
  value,
  onChange,
  kinds,
  placeholder = '选择组织',
  allowClear,
  id,
  style,
  'aria-label': ariaLabel,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  kinds?: OrgKind[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
}) {
  const { items, isLoading } = useOrganizations();
  const tree = useMemo(() => {
    const convert = (n: OrgNode): TreeOption => ({
      value: n.org.id,
      title: n.org.name,
      disabled: kinds ? !kinds.includes(n.org.kind) : false,
      children: n.children.map(convert),
    });
    return orgForest(items).map(convert);
  }, [items, kinds]);
  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={tree}
      treeDefaultExpandAll
      loading={isLoading}
      allowClear={allowClear}
      placeholder={placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%', ...style }}
    />
  );
}

type Candidate = Schemas['Candidate'];

/** 王博文（发展对象·县教育局机关党支部） */
export function candidateLabel(c: Pick<Candidate, 'name' | 'stage' | 'orgId'>, orgName?: string): string {
  return `${c.name}（${STAGE_ZH[c.stage]}${orgName ? `·${orgName}` : ''}）`;
}

/**
 * One or several candidates in scope, searched by name on the service; `stages` and `orgId`
 * narrow the search (orgId: that organization's subtree).
 */
export function CandidateSelect({
  value,
  onChange,
  multiple,
  stages,
  orgId,
  placeholder = '输入姓名查找',
  id,
  disabled,
}: {
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  stages?: Stage[];
  orgId?: string;
  placeholder?: string;
  id?: string;
  disabled?: boolean;
}) {
  const [q, setQ] = useState('');
  const orgs = useOrganizations();
  const known = useRef(new Map<string, string>());
  const search = useQuery({
    queryKey: ['candidates', 'pick', orgId ?? null, stages ?? null, q],
    queryFn: async () => {
      const lists = await Promise.all(
        (stages ?? [undefined]).map((stage) =>
          ok(
            api.GET('/api/candidates', {
              params: { query: { limit: 50, q: q || undefined, stage, orgId } },
            }),
          ),
        ),
      );
      return lists.flatMap((l) => l.items);
    },
    staleTime: 10_000,
  });
  const options = (search.data ?? []).map((c) => {
    const label = candidateLabel(c, orgs.name(c.orgId));
    known.current.set(c.id, label);
    return { value: c.id, label };
  });
  // Keep chosen candidates labelled when a later search no longer returns them.
  const chosen = (Array.isArray(value) ? value : value ? [value] : []).filter(
    (v) => !options.some((o) => o.value === v),
  );
  for (const v of chosen) options.push({ value: v, label: known.current.get(v) ?? v });
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={search.isFetching}
      disabled={disabled}
      allowClear
      placeholder={placeholder}
      showSearch={{ onSearch: setQ, filterOption: false }}
      onBlur={() => setQ('')}
      notFoundContent={search.isFetching ? '正在查找…' : '没有符合条件的人员'}
      style={{ width: '100%' }}
    />
  );
}

/** The roster of a branch, for picking members (visitors, persons held accountable). */
export function useMembers(orgId: string | undefined) {
  return useQuery({
    queryKey: ['members', orgId],
    queryFn: () =>
      ok(api.GET('/api/organizations/{id}/members', { params: { path: { id: orgId! }, query: { limit: 500 } } })),
    enabled: !!orgId,
  });
}

export function MemberSelect({
  orgId,
  value,
  onChange,
  placeholder = '选择党员',
  id,
  allowClear,
  'aria-label': ariaLabel,
}: {
  orgId: string | undefined;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  'aria-label'?: string;
}) {
  const members = useMembers(orgId);
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      disabled={!orgId}
      loading={members.isLoading}
      placeholder={orgId ? placeholder : '先选择党支部'}
      showSearch={{ optionFilterProp: 'label' }}
      options={(members.data?.items ?? []).map((m) => ({
        value: m.id,
        label: `${m.name}${m.status === 'probationary' ? '（预备党员）' : ''}`,
      }))}
      style={{ width: '100%' }}
    />
  );
}
