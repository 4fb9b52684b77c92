// The account emails. Links carry their token in the URL fragment, which browsers never send to
// servers, so tokens stay out of access logs and Referer headers; the page posts it to the API.
import type { EmailMessage } from '../notifications/mailer.ts';

const sign = '\n\n— Rolecraft';

export const verifyEmailMail = (to: string, base: string, token: string): EmailMessage => ({
  to,
  kind: 'verify-email',
  subject: 'Confirm your email address for Rolecraft',
  text: `Welcome to Rolecraft.\n\nConfirm your email address by opening this link (valid for 24 hours) and entering the password you chose:\n${base}/app/verify-email#token=${token}\n\nIf you did not sign up, ignore this message: without that password, nobody can use this address.${sign}`,
});

export const accountExistsMail = (to: string, base: string): EmailMessage => ({
  to,
  kind: 'signup-existing',
  subject: 'You already have a Rolecraft account',
  text: `Someone (hopefully you) tried to sign up with this address, which already has an account.\n\nSign in at ${base}/app/login, or reset your password at ${base}/app/reset-password if you forgot it.${sign}`,
});

export const resetPasswordMail = (to: string, base: string, token: string): EmailMessage => ({
  to,
  kind: 'password-reset',
  subject: 'Reset your Rolecraft password',
  text: `Open this link to choose a new password (valid for 30 minutes, once):\n${base}/app/reset-password#token=${token}\n\nIf you did not ask for this, ignore this message; your password stays as it is.${sign}`,
});

export const changeEmailMail = (to: string, base: string, token: string): EmailMessage => ({
  to,
  kind: 'change-email',
  subject: 'Confirm your new email address for Rolecraft',
  text: `Confirm that this is your new Rolecraft sign-in address by opening this link (valid for 24 hours):\n${base}/app/verify-email#token=${token}${sign}`,
});

export const securityNoticeMail = (to: string, what: string): EmailMessage => ({
  to,
  kind: 'security-notice',
  subject: `Rolecraft: ${what}`,
  text: `${what} on your Rolecraft account.\n\nIf this was not you, reset your password at once and contact your administrator.${sign}`,
});
