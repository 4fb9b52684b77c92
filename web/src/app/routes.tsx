// Every screen and its deep link under /app. Feature areas load on first visit (code-split), so
// the first screen only downloads the shell and the sign-in pages.
import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { Loading } from '../ui/components';
import { AcceptInvitation } from '../features/auth/AcceptInvitation';
import { Login } from '../features/auth/Login';
import { ResetPassword } from '../features/auth/ResetPassword';
import { Signup } from '../features/auth/Signup';
import { VerifyEmail } from '../features/auth/VerifyEmail';
import { CreateOrganization } from '../features/orgs/CreateOrganization';
import { NotFound } from './NotFound';
import { RequireOrganization, RequireSession } from './RequireSession';
import { Shell } from './Shell';

function area(load: () => Promise<{ default: ComponentType }>) {
  const Area = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Area />
    </Suspense>
  );
}

export const router = createBrowserRouter(
  [
    { path: 'login', element: <Login /> },
    { path: 'signup', element: <Signup /> },
    { path: 'verify-email', element: <VerifyEmail /> },
    { path: 'reset-password', element: <ResetPassword /> },
    {
      element: (
        <RequireSession>
          <Shell>
            <Outlet />
          </Shell>
        </RequireSession>
      ),
      children: [
        { path: 'invitations/accept', element: <AcceptInvitation /> },
        { path: 'orgs/new', element: <CreateOrganization /> },
        { path: 'account/*', element: area(() => import('../features/account/AccountArea')) },
        {
          element: (
            <RequireOrganization>
              <Outlet />
            </RequireOrganization>
          ),
          children: [
            { index: true, element: <Navigate to="/postings" replace /> },
            { path: 'templates/*', element: area(() => import('../features/templates/TemplatesArea')) },
            { path: 'postings/*', element: area(() => import('../features/postings/PostingsArea')) },
            { path: 'pipeline/*', element: area(() => import('../features/pipeline/PipelineArea')) },
            {
              path: 'applications/*',
              element: area(() => import('../features/candidates/ApplicationsArea')),
            },
            { path: 'candidates/*', element: area(() => import('../features/candidates/CandidatesArea')) },
            { path: 'settings/*', element: area(() => import('../features/settings/SettingsArea')) },
          ],
        },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/app' },
);
