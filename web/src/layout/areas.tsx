import type { ReactNode } from 'react';
import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { SessionUser } from '../api/client';

type Role = SessionUser['role'];
const ALL: Role[] = ['admin', 'department', 'committee', 'branch', 'reviewer'];
const BRANCH_UP: Role[] = ['admin', 'department', 'committee', 'branch'];
const COMMITTEE_UP: Role[] = ['admin', 'department', 'committee'];
const DEPARTMENT_UP: Role[] = ['admin', 'department'];

/** The console's areas (SPEC §14), each for the roles that may use it (SPEC §12). */
export const AREAS: { path: string; label: string; icon: ReactNode; roles: Role[] }[] = [
  { path: '/', label: '工作台', icon: <DashboardOutlined />, roles: ALL },
  { path: '/candidates', label: '发展对象管理', icon: <TeamOutlined />, roles: ALL },
  { path: '/publicity', label: '公示', icon: <FileSearchOutlined />, roles: BRANCH_UP },
  { path: '/complaints', label: '举报核查', icon: <AlertOutlined />, roles: COMMITTEE_UP },
  { path: '/votes', label: '表决', icon: <AuditOutlined />, roles: BRANCH_UP },
  { path: '/probation', label: '预备期考察', icon: <SolutionOutlined />, roles: ALL },
  { path: '/accountability', label: '责任追究', icon: <SafetyCertificateOutlined />, roles: COMMITTEE_UP },
  { path: '/plans', label: '发展计划', icon: <CalendarOutlined />, roles: COMMITTEE_UP },
  { path: '/statistics', label: '统计', icon: <BarChartOutlined />, roles: BRANCH_UP },
  { path: '/organizations', label: '组织与花名册', icon: <ClusterOutlined />, roles: ALL },
  { path: '/users', label: '账号管理', icon: <UserOutlined />, roles: DEPARTMENT_UP },
];
