import { createBrowserRouter } from 'react-router';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { RouteError } from './components/RouteError.tsx';
import { PageLoader } from './components/states.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { RequireRole, SignedIn } from './features/auth/SignedIn.tsx';

// Feature pages load on first visit, so the login page stays small on a phone's connection.
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <SignedIn />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./features/home/HomePage.tsx')).HomePage }),
      },
      {
        path: 'businesses',
        lazy: async () => ({
          Component: (await import('./features/businesses/BusinessesPage.tsx')).BusinessesPage,
        }),
      },
      {
        path: 'businesses/new',
        lazy: async () => ({
          Component: (await import('./features/businesses/BusinessFormPage.tsx')).CreateBusinessPage,
        }),
      },
      {
        path: 'businesses/:id',
        lazy: async () => ({
          Component: (await import('./features/businesses/BusinessPage.tsx')).BusinessPage,
        }),
      },
      {
        path: 'businesses/:id/edit',
        lazy: async () => ({
          Component: (await import('./features/businesses/BusinessFormPage.tsx')).EditBusinessPage,
        }),
      },
      {
        path: 'recovery',
        lazy: async () => {
          const { RecoveryPage } = await import('./features/recovery/RecoveryPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer']}>
                <RecoveryPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'imports',
        lazy: async () => {
          const { ImportPage } = await import('./features/imports/ImportPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'mentor']}>
                <ImportPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'users',
        lazy: async () => {
          const { UsersPage } = await import('./features/users/UsersPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin']}>
                <UsersPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'institutions',
        lazy: async () => {
          const { InstitutionsPage } = await import('./features/institutions/InstitutionsPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin']}>
                <InstitutionsPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'areas',
        lazy: async () => ({ Component: (await import('./features/areas/AreasPage.tsx')).AreasPage }),
      },
      {
        path: 'areas/:code',
        lazy: async () => ({ Component: (await import('./features/areas/KelurahanPage.tsx')).KelurahanPage }),
      },
      {
        path: 'audit',
        lazy: async () => {
          const { AuditPage } = await import('./features/audit/AuditPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin']}>
                <AuditPage />
              </RequireRole>
            ),
          };
        },
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
