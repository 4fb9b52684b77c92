// The postings area (/app/postings): the list, the create-from-template wizard and each posting.
import { useEffect } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { NotFound } from '../../app/NotFound';
import { EditPosting } from './EditPosting';
import { NewPosting } from './NewPosting';
import { PostingDetail } from './PostingDetail';
import { PostingsList } from './PostingsList';
import './postings.css';

export default function PostingsArea() {
  const { pathname, search } = useLocation();
  // A new screen or wizard step starts at its top, not where the last one's buttons were.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname, search]);
  return (
    <Routes>
      <Route index element={<PostingsList />} />
      <Route path="new" element={<NewPosting />} />
      <Route path=":id/edit" element={<EditPosting />} />
      <Route path=":id" element={<PostingDetail />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
