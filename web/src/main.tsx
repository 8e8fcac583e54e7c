import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { SessionProvider } from './auth/session';
import { AppLayout } from './layout/AppLayout';
// The first page anyone sees: in the entry chunk, not one more request after it.
import LoginPage from './pages/login/LoginPage';
import './styles.css';

dayjs.locale('zh-cn');

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
    element: <AppLayout />,
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

/**
 * The console's theme: the party red, and antd's secondary, placeholder, error and link colours
 * darkened to WCAG AA contrast (4.5:1) on white — antd's defaults fall short (axe-core, e2e/).
 */
const THEME = {
  token: {
    colorPrimary: '#c0392b',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorError: '#b71c1c',
    colorLink: '#0958d9',
    colorLinkHover: '#1677ff',
    colorLinkActive: '#003eb3',
  },
};

const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queries}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
