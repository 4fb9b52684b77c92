// Organization settings under /settings: one screen per tab, each deep-linkable.
import { Navigate, Route, Routes } from 'react-router';
import { AuditLog } from './AuditLog';
import { EmailSettings } from './EmailSettings';
import { MembersSettings } from './MembersSettings';
import { OrganizationSettings } from './OrganizationSettings';
import { PipelineSettings } from './PipelineSettings';
import { PrivacySettings } from './PrivacySettings';
import { SettingsLayout } from './SettingsLayout';
import { TokensSettings } from './TokensSettings';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhooksSettings } from './WebhooksSettings';
import './settings.css';

function UnknownSetting() {
  return (
    <SettingsLayout title="Settings">
      <div className="alert alert-warning" role="alert">
        <p>There is no such settings page. Choose a tab above.</p>
      </div>
    </SettingsLayout>
  );
}

export default function SettingsArea() {
  return (
    <Routes>
      <Route index element={<OrganizationSettings />} />
      <Route path="organization" element={<Navigate to="/settings" replace />} />
      <Route path="members" element={<MembersSettings />} />
      <Route path="tokens" element={<TokensSettings />} />
      <Route path="webhooks" element={<WebhooksSettings />} />
      <Route path="webhooks/:id" element={<WebhookDeliveries />} />
      <Route path="pipeline" element={<PipelineSettings />} />
      <Route path="emails" element={<EmailSettings />} />
      <Route path="emails/:kind" element={<EmailSettings />} />
      <Route path="privacy" element={<PrivacySettings />} />
      <Route path="audit" element={<AuditLog />} />
      <Route path="*" element={<UnknownSetting />} />
    </Routes>
  );
}
