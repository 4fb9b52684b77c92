// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('AccountArea');
  return <PageHeader title="AccountArea" description="Coming soon." />;
}

export default function AccountArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
