import { Route, Routes } from 'react-router-dom';
import NotFound from '../NotFound';
import VoteList from './VoteList';
import VoteCreate from './VoteCreate';
import VoteDetail from './VoteDetail';
import BallotSlips from './BallotSlips';
import ResultPrint from './ResultPrint';
import './votes.css';

/** 表决 (SPEC §7, §14): sessions, their ballots and results, the slips and the printed result. */
export default function VotesArea() {
  return (
    <Routes>
      <Route index element={<VoteList />} />
      <Route path="new" element={<VoteCreate />} />
      <Route path=":id" element={<VoteDetail />} />
      <Route path=":id/slips" element={<BallotSlips />} />
      <Route path=":id/result" element={<ResultPrint />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
