// The template library: browse and search, view, edit with a live quality analysis, and the
// version history. Every screen state lives in the URL so it can be shared.
import type { ComponentType } from 'react';
import { Route, Routes, useParams } from 'react-router';
import { NotFound } from '../../app/NotFound';
import { ImportTemplate } from './ImportTemplate';
import { NewTemplate } from './NewTemplate';
import { TemplateEditor } from './TemplateEditor';
import { TemplateLibrary } from './TemplateLibrary';
import { TemplateVersionView } from './TemplateVersionView';
import { TemplateView } from './TemplateView';
import { VersionHistory } from './VersionHistory';
import { isLibraryParam, type LibraryParam } from './types';
import './templates.css';

/** Renders the screen for a valid `:library` (global or org), or the not-found page. */
function WithLibrary({ screen: Screen }: { screen: ComponentType<{ library: LibraryParam; slug: string }> }) {
  const { library, slug } = useParams();
  if (!isLibraryParam(library) || !slug) return <NotFound />;
  return <Screen library={library} slug={slug} />;
}

export default function TemplatesArea() {
  return (
    <Routes>
      <Route index element={<TemplateLibrary />} />
      <Route path="new" element={<NewTemplate />} />
      <Route path="import" element={<ImportTemplate />} />
      <Route path=":library/:slug" element={<WithLibrary screen={TemplateView} />} />
      <Route path=":library/:slug/edit" element={<WithLibrary screen={TemplateEditor} />} />
      <Route path=":library/:slug/versions" element={<WithLibrary screen={VersionHistory} />} />
      <Route path=":library/:slug/versions/:version" element={<WithLibrary screen={TemplateVersionView} />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
