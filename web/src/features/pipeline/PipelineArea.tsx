// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('PipelineArea');
  return <PageHeader title="PipelineArea" description="Coming soon." />;
}

export default function PipelineArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
