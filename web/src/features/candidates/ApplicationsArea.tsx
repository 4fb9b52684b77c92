// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('ApplicationsArea');
  return <PageHeader title="ApplicationsArea" description="Coming soon." />;
}

export default function ApplicationsArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
