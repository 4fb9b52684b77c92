// Candidate email kinds and the variables their texts may use, as people read them.
import type { paths } from '../../api/openapi';

type TemplateList =
  paths['/api/v1/org/email-templates']['get']['responses'][200]['content']['application/json'];
export type EmailTemplate = TemplateList['items'][number];
export type EmailKind = EmailTemplate['kind'];

export const EMAIL_KIND_INFO: Record<EmailKind, { label: string; when: string }> = {
  confirmation: { label: 'Application received', when: 'Sent right after someone applies.' },
  rejection: { label: 'Rejection', when: 'Sent when you reject an application and choose to notify.' },
  stage_change: { label: 'Stage change', when: 'Sent when you move an application and choose to notify.' },
  consent_renewal: {
    label: 'Consent renewal',
    when: 'Sent 30 days before a candidate’s data reaches the end of your retention period.',
  },
};

export const VARIABLE_INFO: Record<string, string> = {
  'candidate.name': 'the candidate’s full name',
  'candidate.first_name': 'the candidate’s first name',
  'job.title': 'the posting’s title',
  'org.name': 'your organization’s name',
  'stage.name': 'the stage the application moved to',
  status_url: 'the candidate’s private status page link',
};

export const isEmailKind = (value: string | undefined): value is EmailKind =>
  value !== undefined && value in EMAIL_KIND_INFO;
