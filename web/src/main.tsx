import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { queryClient, whenUnauthenticated } from './api/query';
import { ME_KEY } from './app/session';
import { router } from './app/routes';
import './ui/styles.css';

// A query answering 401 means the session ended: forget the account, the routes send to log-in.
whenUnauthenticated(() => queryClient.setQueryData(ME_KEY, null));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
