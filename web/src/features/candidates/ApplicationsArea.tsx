// /applications/*: one application at /applications/:id. The lists of applications live with the
// pipeline and the postings; the bare /applications leads to the candidates.
import { Navigate, Route, Routes } from 'react-router';
import { ApplicationPage } from './ApplicationPage';

export default function ApplicationsArea() {
  return (
    <Routes>
      <Route index element={<Navigate to="/candidates" replace />} />
      <Route path=":id" element={<ApplicationPage />} />
      <Route path="*" element={<Navigate to="/candidates" replace />} />
    </Routes>
  );
}
