// The signed-in layout: a skip link, the navigation landmark with the organization switcher, and
// the main landmark, which takes focus after each navigation so screen readers hear the new page.
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { ToastProvider } from '../ui/toast';
import { fetchMe, type Permission, useCan, useResetSession, useSession } from './session';

const NAV: { to: string; label: string; needs: Permission }[] = [
  { to: '/postings', label: 'Postings', needs: 'postings.read' },
  { to: '/pipeline', label: 'Pipeline', needs: 'applications.read' },
  { to: '/candidates', label: 'Candidates', needs: 'applications.read' },
  { to: '/templates', label: 'Templates', needs: 'templates.read' },
  { to: '/settings', label: 'Settings', needs: 'org.read' },
];

function OrganizationSwitcher() {
  const me = useSession();
  const reset = useResetSession();
  const navigate = useNavigate();
  const id = useId();
  const switchTo = useMutation({
    mutationFn: async (organization: string) => {
      await unwrap(api.PUT('/api/v1/me/organization', { body: { organization } }));
      return fetchMe();
    },
    onSuccess: (fresh) => {
      reset(fresh);
      navigate('/postings');
    },
  });
  if (me.organizations.length === 0) return null;
  return (
    <div className="stack-sm org-switcher">
      <label htmlFor={id}>Organization</label>
      <select
        id={id}
        value={me.activeOrganization?.slug ?? ''}
        disabled={switchTo.isPending}
        onChange={(e) => switchTo.mutate(e.target.value)}
      >
        {!me.activeOrganization && <option value="">Choose…</option>}
        {me.organizations.map((o) => (
          <option key={o.id} value={o.slug}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function NavItem({ to, label, needs }: { to: string; label: string; needs: Permission }) {
  const allowed = useCan(needs);
  if (!allowed) return null;
  return (
    <li>
      <NavLink to={to}>{label}</NavLink>
    </li>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const me = useSession();
  const reset = useResetSession();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location.pathname]);
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: () => {
      reset(null);
      navigate('/login');
    },
  });
  return (
    <ToastProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <header className="sidebar">
          <div className="brand">Rolecraft</div>
          <OrganizationSwitcher />
          <nav aria-label="Main">
            <ul>
              {me.activeOrganization && NAV.map((item) => <NavItem key={item.to} {...item} />)}
              <li>
                <NavLink to="/orgs/new">New organization</NavLink>
              </li>
            </ul>
          </nav>
          <div className="sidebar-foot">
            <NavLink to="/account">{me.name || me.email}</NavLink>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => logout.mutate()}
              disabled={logout.isPending}
            >
              Sign out
            </button>
          </div>
        </header>
        <main className="main" id="main" ref={main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}
