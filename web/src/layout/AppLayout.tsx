import { Suspense, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { Button, Drawer, Grid, Layout, Menu, Spin, Typography } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { useSession } from '../auth/session';
import { ROLE_ZH } from '../common/format';
import { AREAS } from './areas';
import './print.css';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: the areas the user's role may use, the user, sign-out. Tablet: the menu folds into a drawer. */
export function AppLayout() {
  const { user, signOut } = useSession();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;

  const areas = AREAS.filter((a) => a.roles.includes(user.role));
  const selected = areas
    .filter((a) => (a.path === '/' ? location.pathname === '/' : location.pathname.startsWith(a.path)))
    .map((a) => a.path);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      onClick={() => setOpen(false)}
      items={areas.map((a) => ({ key: a.path, icon: a.icon, label: <Link to={a.path}>{a.label}</Link> }))}
    />
  );
  const wide = screens.lg ?? true;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {wide ? (
        <Sider width={200} theme="light" className="no-print" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, color: '#c0392b' }}>发展党员全流程管理</div>
          <nav aria-label="主菜单">{menu}</nav>
        </Sider>
      ) : (
        <Drawer open={open} onClose={() => setOpen(false)} placement="left" size={220} title="发展党员全流程管理">
          <nav aria-label="主菜单">{menu}</nav>
        </Drawer>
      )}
      <Layout>
        <Header
          className="no-print"
          style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', gap: 12 }}
        >
          {!wide && <Button icon={<MenuOutlined />} aria-label="打开菜单" onClick={() => setOpen(true)} />}
          <div style={{ flex: 1 }} />
          <Typography.Text>
            {user.name}（{ROLE_ZH[user.role]}）
          </Typography.Text>
          <Button onClick={() => void signOut()}>退出登录</Button>
        </Header>
        <Content style={{ margin: 16 }}>
          <main>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <Outlet />
            </Suspense>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
