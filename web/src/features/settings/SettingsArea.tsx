// Placeholder: replaced by the feature's screens.
import { Route, Routes } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';

function Index() {
  useDocumentTitle('SettingsArea');
  return <PageHeader title="SettingsArea" description="Coming soon." />;
}

export default function SettingsArea() {
  return (
    <Routes>
      <Route index element={<Index />} />
    </Routes>
  );
}
