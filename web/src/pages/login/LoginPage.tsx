import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import './login.css';

/**
 * SPEC §14: fields 用户名 and 密码, a button 登录. Plain React and CSS, so that it shows before the
 * console's components have loaded; they load meanwhile.
 */
export default function LoginPage() {
  const { user, signIn } = useSession();
  const location = useLocation();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The console's components load once the page has shown, while the user types.
  useEffect(() => {
    const timer = setTimeout(() => void import('../../layout/Console'), 300);
    return () => clearTimeout(timer);
  }, []);
  if (user) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!username || !password) return setProblem(!username ? '请输入用户名' : '请输入密码');
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
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>发展党员全流程管理</h1>
        {problem && (
          <p className="login-problem" role="alert">
            {problem}
          </p>
        )}
        <label htmlFor="username">用户名</label>
        <input id="username" name="username" autoComplete="username" autoFocus required />
        <label htmlFor="password">密码</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
