import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Flex, Result, Spin, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { BackLink } from './pickers';

// The areas' page frames: a list page's heading with its actions, a detail page's heading, loading and 404.

/** A page's heading, with its actions (if any) at the other end of the line. */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Title level={2}>{title}</Typography.Title>
      {children}
    </Flex>
  );
}

/** The primary "new …" action of a list page: a link to its form. */
export function NewButton({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to}>
      <Button type="primary" icon={<PlusOutlined />}>
        {children}
      </Button>
    </Link>
  );
}

/** While a page's data loads. */
export function PageSpin() {
  return <Spin style={{ display: 'block', margin: 48 }} />;
}

/**
 * What a detail page shows instead of its record: a spinner while it loads, then a 404 (with a
 * link back to the list when `back` is given).
 */
export function DetailFallback({
  loading,
  title,
  back,
}: {
  loading: boolean;
  title: string;
  back?: { to: string; label: string };
}) {
  if (loading) return <PageSpin />;
  return <Result status="404" title={title} extra={back && <Link to={back.to}>{back.label}</Link>} />;
}

/** A detail page's heading, with its actions (if any), and the link back to its list. */
export function DetailHeader({
  title,
  back,
  children,
}: {
  title: ReactNode;
  back: { to: string; label: string };
  children?: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title}>{children}</PageHeader>
      <BackLink to={back.to}>{back.label}</BackLink>
    </>
  );
}
