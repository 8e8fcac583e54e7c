import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';

export type Candidate = Schemas['Candidate'];
export type CandidateDetail = Schemas['CandidateDetail'];
export type Organization = Schemas['Organization'];
export type Member = Schemas['Member'];
export type TimelineEntry = CandidateDetail['timeline'][number] & { correctedBy?: number[] };
export type NextCommand = CandidateDetail['next'][number];

/** Every organization in the caller's scope (a county has dozens, well under the 500 a page holds). */
export function useOrganizations() {
  const query = useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: () => ok(api.GET('/api/organizations', { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const byId = useMemo(() => new Map((query.data?.items ?? []).map((o) => [o.id, o])), [query.data]);
  const branches = useMemo(() => (query.data?.items ?? []).filter((o) => o.kind === 'branch'), [query.data]);
  return { ...query, organizations: query.data?.items ?? [], byId, branches };
}

/** A branch's roster, for member pickers and for naming cultivators and introducers. */
export function useMembers(orgId: string | undefined) {
  const query = useQuery({
    queryKey: ['organizations', orgId, 'members'],
    queryFn: () =>
      ok(api.GET('/api/organizations/{id}/members', { params: { path: { id: orgId! }, query: { limit: 500 } } })),
    enabled: !!orgId,
    staleTime: 60_000,
  });
  const names = useMemo(() => new Map((query.data?.items ?? []).map((m) => [m.id, m.name])), [query.data]);
  return { ...query, members: query.data?.items ?? [], names };
}

export function useCandidate(id: string) {
  return useQuery({
    queryKey: ['candidates', id],
    queryFn: () => ok(api.GET('/api/candidates/{id}', { params: { path: { id } } })) as Promise<CandidateDetail>,
  });
}

/** After a write: the candidate, the lists, and the workbench's reports are stale. */
export function useRefreshAfterWrite() {
  const queries = useQueryClient();
  return (detail?: CandidateDetail) => {
    if (detail) queries.setQueryData(['candidates', detail.id], detail);
    void queries.invalidateQueries({ queryKey: ['candidates'] });
    void queries.invalidateQueries({ queryKey: ['reports'] });
  };
}

/** "刘芳（正式党员）" — status and voting rights matter for cultivators and introducers. */
export function memberLabel(m: Member): string {
  const status = m.status === 'formal' ? '正式党员' : '预备党员';
  return `${m.name}（${status}${m.votingRights ? '' : '，无表决权'}）`;
}
