import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';

/** SPEC §14: fields 用户名 and 密码, a button 登录. */
export default function LoginPage() {
  const { user, signIn } = useSession();
  const location = useLocation();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (user) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;

  const submit = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await signIn(username, password);
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.code === 'LOGIN_LOCKED'
          ? '登录失败次数过多，该用户名已锁定 15 分钟，请稍后再试'
          : err instanceof ApiError && err.status === 401
            ? '用户名或密码错误'
            : err instanceof Error
              ? err.message
              : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', color: '#c0392b' }}>
          发展党员全流程管理
        </Typography.Title>
        {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
