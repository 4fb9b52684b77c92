// /candidates/*: the list of candidates and each candidate's profile.
import { Navigate, Route, Routes } from 'react-router';
import { CandidateList } from './CandidateList';
import { CandidateProfile } from './CandidateProfile';

export default function CandidatesArea() {
  return (
    <Routes>
      <Route index element={<CandidateList />} />
      <Route path=":id" element={<CandidateProfile />} />
      <Route path="*" element={<Navigate to="/candidates" replace />} />
    </Routes>
  );
}
