// /settings/members: who belongs to the organization with which role, and pending invitations.
import { useCan } from '../../app/session';
import { InvitationsSection } from './InvitationsSection';
import { MembersSection } from './MembersSection';
import { NotAllowed, SettingsLayout } from './SettingsLayout';

export function MembersSettings() {
  const canRead = useCan('members.read');
  const canInvite = useCan('invitations.manage');
  return (
    <SettingsLayout
      title="Members"
      description="The people of your organization, their roles, and invitations."
    >
      {canRead ? <MembersSection /> : <NotAllowed what="the member list" />}
      {canInvite && <InvitationsSection />}
    </SettingsLayout>
  );
}
