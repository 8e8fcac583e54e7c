import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from './auth/session';
// The first page anyone sees is plain React and CSS, in the entry chunk: it shows before antd and
// the console (layout/Console.tsx) have loaded, which happens while the user types.
import LoginPage from './pages/login/LoginPage';
import './styles.css';

/** Each area is its own chunk, loaded when first opened; an area owns the routes below its path. */
const area = (path: string, load: () => Promise<{ default: React.ComponentType }>) => ({
  path: path === '/' ? undefined : `${path.slice(1)}/*`,
  index: path === '/' ? true : undefined,
  lazy: async () => ({ Component: (await load()).default }),
});

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    lazy: async () => ({ Component: (await import('./layout/Console')).default }),
    children: [
      area('/', () => import('./pages/workbench')),
      area('/candidates', () => import('./pages/candidates')),
      area('/publicity', () => import('./pages/publicity')),
      area('/complaints', () => import('./pages/complaints')),
      area('/votes', () => import('./pages/votes')),
      area('/probation', () => import('./pages/probation')),
      area('/accountability', () => import('./pages/accountability')),
      area('/plans', () => import('./pages/plans')),
      area('/statistics', () => import('./pages/statistics')),
      area('/organizations', () => import('./pages/organizations')),
      area('/users', () => import('./pages/users')),
      { path: '*', lazy: async () => ({ Component: (await import('./pages/NotFound')).default }) },
    ],
  },
]);

const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
