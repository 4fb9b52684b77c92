// The account area's tab bar: plain links (each tab is a deep link), the current one marked with
// aria-current="page" by NavLink, so its state is not conveyed by colour alone.
import { NavLink } from 'react-router';

const TABS = [
  { to: '/account', label: 'Profile', end: true },
  { to: '/account/password', label: 'Password', end: false },
  { to: '/account/security', label: 'Two-factor authentication', end: false },
  { to: '/account/sessions', label: 'Sessions', end: false },
  { to: '/account/organizations', label: 'Organizations', end: false },
];

export function AccountTabs() {
  return (
    <nav aria-label="Account" className="tabs">
      {TABS.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
