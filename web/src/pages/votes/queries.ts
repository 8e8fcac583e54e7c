import { useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';

export type Organization = Schemas['Organization'];
export type Member = Schemas['Member'];
export type Candidate = Schemas['Candidate'];

/** Every organization in the caller's scope (a county's tree fits in one page), by id. */
export function useOrganizations() {
  return useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: () => ok(api.GET('/api/organizations', { params: { query: { limit: 500 } } })),
    select: (page) => ({ list: page.items, byId: new Map(page.items.map((o) => [o.id, o])) }),
    staleTime: 60_000,
  });
}

export function useVote(id: string, live = false) {
  return useQuery({
    queryKey: ['votes', id],
    queryFn: () => ok(api.GET('/api/votes/{id}', { params: { path: { id } } })),
    // Turnout while open (SPEC §14): how many ballots were cast, never how.
    refetchInterval: (q) =>
      live && q.state.data?.status === 'open' && q.state.data.mode === 'electronic' ? 5000 : false,
  });
}

export function useVoteResult(id: string, enabled = true) {
  return useQuery({
    queryKey: ['votes', id, 'result'],
    queryFn: () => ok(api.GET('/api/votes/{id}/result', { params: { path: { id } } })),
    enabled,
  });
}

/** A branch's roster (members with and without a vote). */
export function useRoster(orgId: string | undefined) {
  return useQuery({
    queryKey: ['organizations', orgId, 'members'],
    queryFn: () =>
      ok(api.GET('/api/organizations/{id}/members', { params: { path: { id: orgId! }, query: { limit: 500 } } })),
    enabled: !!orgId,
    select: (page) => page.items,
  });
}

/**
 * Names of a session's candidates. The session lists ids only; the candidates of its
 * organization's subtree (first 500) supply the names — enough for any branch or committee
 * session; for a larger batch the result table (after the close) names everyone.
 */
export function useCandidateNames(orgId: string | undefined) {
  return useQuery({
    queryKey: ['candidates', 'names', orgId],
    queryFn: () => ok(api.GET('/api/candidates', { params: { query: { orgId, limit: 500 } } })),
    enabled: !!orgId,
    select: (page) => new Map(page.items.map((c) => [c.id, c.name])),
  });
}
