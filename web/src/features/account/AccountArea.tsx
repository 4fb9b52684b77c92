// One's own account under /app/account: profile and email, password, two-factor authentication,
// sessions and organizations, each a tab with its own deep link.
import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/NotFound';
import { AccountTabs } from './AccountTabs';
import { OrganizationsPage } from './OrganizationsPage';
import { PasswordPage } from './PasswordPage';
import { ProfilePage } from './ProfilePage';
import { SecurityPage } from './SecurityPage';
import { SessionsPage } from './SessionsPage';
import './account.css';

export default function AccountArea() {
  return (
    <div className="account stack">
      <AccountTabs />
      <Routes>
        <Route index element={<ProfilePage />} />
        <Route path="password" element={<PasswordPage />} />
        <Route path="security" element={<SecurityPage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="organizations" element={<OrganizationsPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
