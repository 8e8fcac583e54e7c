import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ok, sessionStore, whenSessionEnds, type Session, type SessionUser } from '../api/client';

type Role = SessionUser['role'];

/** SPEC §12: a higher role may do everything a lower one may; the reviewer stands aside. */
const RANK: Record<Role, number> = { reviewer: 0, branch: 1, committee: 2, department: 3, admin: 4 };

interface SessionContext {
  user: SessionUser | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The user's role is this one or above it (a reviewer is "at least" only a reviewer). */
  atLeast(role: Exclude<Role, 'reviewer'>): boolean;
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => sessionStore.get());
  const queries = useQueryClient();

  useEffect(() => {
    whenSessionEnds(() => {
      setSession(null);
      queries.clear();
    });
  }, [queries]);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await ok(api.POST('/api/auth/login', { body: { username, password } }));
    const next = answer as unknown as Session;
    sessionStore.set(next);
    setSession(next);
  }, []);

  const signOut = useCallback(async () => {
    await api.POST('/api/auth/logout').catch(() => undefined);
    sessionStore.clear();
    queries.clear();
    setSession(null);
  }, [queries]);

  const value = useMemo<SessionContext>(
    () => ({
      user: session?.user ?? null,
      signIn,
      signOut,
      atLeast: (role) => !!session && session.user.role !== 'reviewer' && RANK[session.user.role] >= RANK[role],
    }),
    [session, signIn, signOut],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for pages under the signed-in layout. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a session');
  return user;
}
