// Every settings screen: its own h1, then the tab bar (links, aria-current on the open one), then
// the screen. Tabs a role may not use are left out; the server refuses them anyway.
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useMe } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { PageHeader } from '../../ui/components';
import { SETTINGS_TABS } from './tabs';

export function SettingsLayout({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useDocumentTitle(`${title} · Settings`);
  const { data: me } = useMe();
  const tabs = SETTINGS_TABS.filter((t) => me?.permissions.includes(t.needs));
  return (
    <div className="stack settings">
      <PageHeader title={title} description={description} actions={actions} />
      <nav className="tabs" aria-label="Settings">
        {tabs.map((t) => (
          <NavLink key={t.path} to={t.path} end={t.path === '/settings'}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      {children}
    </div>
  );
}

/** Shown instead of a screen the signed-in role may not use (a shared link, a role just changed). */
export function NotAllowed({ what }: { what: string }) {
  return (
    <div className="alert alert-warning" role="alert">
      <h2>Not available to your role</h2>
      <p>Your role in this organization cannot use {what}. Ask an owner or admin if you need it.</p>
    </div>
  );
}
