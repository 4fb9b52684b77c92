// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('PostingsArea');
  return <PageHeader title="PostingsArea" description="Coming soon." />;
}

export default function PostingsArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
