import type { ReactElement } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { Result } from 'antd';
import { useSession } from '../../auth/session';
import NotFound from '../NotFound';
import BatchPage from './BatchPage';
import CandidateList from './CandidateList';
import CandidatePage from './CandidatePage';
import NewCandidate from './NewCandidate';

/** 发展对象管理: the list, a new applicant, batch entry, and each candidate's page. */
export default function CandidatesArea() {
  const { atLeast } = useSession();
  const branchUp = (page: ReactElement) =>
    atLeast('branch') ? (
      page
    ) : (
      <Result
        status="403"
        title="您的角色只能查阅，不能办理此事项"
        extra={<Link to="/candidates">返回人员列表</Link>}
      />
    );
  return (
    <Routes>
      <Route index element={<CandidateList />} />
      <Route path="new" element={branchUp(<NewCandidate />)} />
      <Route path="batch" element={branchUp(<BatchPage />)} />
      <Route path=":id" element={<CandidatePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
