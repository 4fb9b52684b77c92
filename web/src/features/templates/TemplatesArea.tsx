// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('TemplatesArea');
  return <PageHeader title="TemplatesArea" description="Coming soon." />;
}

export default function TemplatesArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
