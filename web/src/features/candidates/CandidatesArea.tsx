// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('CandidatesArea');
  return <PageHeader title="CandidatesArea" description="Coming soon." />;
}

export default function CandidatesArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
