// The pipeline area: pick a posting (/pipeline), then work its board (/pipeline/:postingId).
import { Route, Routes } from 'react-router';
import { Board } from './Board';
import { PostingPicker } from './PostingPicker';
import './pipeline.css';

export default function PipelineArea() {
  return (
    <Routes>
      <Route index element={<PostingPicker />} />
      <Route path=":postingId" element={<Board />} />
    </Routes>
  );
}
