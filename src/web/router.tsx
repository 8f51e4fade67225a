import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Role } from './api/types.ts';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { RouteError } from './components/RouteError.tsx';
import { PageLoader } from './components/states.tsx';
import { RequireRole, SignedIn } from './features/auth/SignedIn.tsx';

const SELLER: Role[] = ['business_owner'];
const OFFICERS: Role[] = ['admin', 'area_officer'];
/** A marketplace page (features/marketplace), loaded when opened, for the roles that may open it. */
function marketPage(roles: Role[], load: () => Promise<ComponentType>) {
  return {
    lazy: async () => {
      const Page = await load();
      return {
        element: (
          <RequireRole roles={roles}>
            <Page />
          </RequireRole>
        ),
      };
    },
  };
}

// Every page loads on first visit, the login page too: the first load is the frame alone, small enough for a
// phone's connection (the build prints its size; test/web-bundle.test.ts holds it to the budget).
export const router = createBrowserRouter([
  {
    path: '/login',
    lazy: async () => ({ Component: (await import('./features/auth/LoginPage.tsx')).LoginPage }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
  },
  {
    path: '/acara',
    lazy: async () => ({
      Component: (await import('./features/events/PublicEventsPage.tsx')).PublicEventsPage,
    }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
  },
  {
    path: '/acara/:slug',
    lazy: async () => ({
      Component: (await import('./features/events/PublicEventPage.tsx')).PublicEventPage,
    }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
  },
  {
    path: '/acara/daftar/:token',
    lazy: async () => ({
      Component: (await import('./features/events/RegistrationPage.tsx')).RegistrationPage,
    }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
  },
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
        path: 'mentoring',
        lazy: async () => {
          const { CasesPage } = await import('./features/mentoring/CasesPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
                <CasesPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'mentoring/cases/:id',
        lazy: async () => ({
          Component: (await import('./features/mentoring/CasePage.tsx')).CasePage,
        }),
      },
      {
        path: 'mentoring/sessions/new',
        lazy: async () => {
          const { SessionFormPage } = await import('./features/mentoring/SessionFormPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
                <SessionFormPage />
              </RequireRole>
            ),
          };
        },
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
        path: 'mentoring/outcomes',
        lazy: async () => {
          const { OutcomesPage } = await import('./features/mentoring/OutcomesPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
                <OutcomesPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'aid',
        lazy: async () => ({
          Component: (await import('./features/aid/AidProgramsPage.tsx')).AidProgramsPage,
        }),
      },
      {
        path: 'aid/new',
        lazy: async () => ({
          Component: (await import('./features/aid/ProgramFormPage.tsx')).CreateProgramPage,
        }),
      },
      {
        path: 'aid/:code/edit',
        lazy: async () => ({
          Component: (await import('./features/aid/ProgramFormPage.tsx')).EditProgramPage,
        }),
      },
      {
        path: 'aid/:code/entry',
        lazy: async () => ({
          Component: (await import('./features/aid/ApplicantFormPage.tsx')).ApplicantFormPage,
        }),
      },
      {
        path: 'aid/:code/proposals/:id',
        lazy: async () => ({
          Component: (await import('./features/aid/ProposalPage.tsx')).ProposalPage,
        }),
      },
      {
        path: 'aid/:code',
        lazy: async () => ({ Component: (await import('./features/aid/ProgramPage.tsx')).ProgramPage }),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./features/aid/ProgramOverview.tsx')).ProgramOverview,
            }),
          },
          {
            path: 'proposals',
            lazy: async () => ({
              Component: (await import('./features/aid/ProposalsTab.tsx')).ProposalsTab,
            }),
          },
          {
            path: 'progress',
            lazy: async () => {
              const { ProgressTab } = await import('./features/aid/ProgressTab.tsx');
              return {
                element: (
                  <RequireRole roles={['admin', 'area_officer']}>
                    <ProgressTab />
                  </RequireRole>
                ),
              };
            },
          },
          {
            path: 'intake',
            lazy: async () => {
              const { IntakeTab } = await import('./features/aid/IntakeTab.tsx');
              return {
                element: (
                  <RequireRole roles={['admin', 'area_officer']}>
                    <IntakeTab />
                  </RequireRole>
                ),
              };
            },
          },
          {
            path: 'batches',
            lazy: async () => {
              const { BatchesTab } = await import('./features/aid/BatchesTab.tsx');
              return {
                element: (
                  <RequireRole roles={['admin']}>
                    <BatchesTab />
                  </RequireRole>
                ),
              };
            },
          },
        ],
      },
      {
        path: 'imports',
        lazy: async () => {
          const { ImportPage } = await import('./features/imports/ImportPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
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
              <RequireRole roles={['admin', 'area_officer']}>
                <InstitutionsPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'institutions/:id',
        lazy: async () => {
          const { InstitutionPage } = await import('./features/institutions/InstitutionPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
                <InstitutionPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'mentors',
        lazy: async () => {
          const { MentorsPage } = await import('./features/mentors/MentorsPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
                <MentorsPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'mentors/:id',
        lazy: async () => {
          const { MentorPage } = await import('./features/mentors/MentorPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin', 'mentor']}>
                <MentorPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'mentoring/coverage',
        lazy: async () => {
          const { CoveragePage } = await import('./features/coverage/CoveragePage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'area_officer', 'institution_admin']}>
                <CoveragePage />
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
      {
        path: 'my/businesses/:id',
        lazy: async () => {
          const { MyBusinessPage } = await import('./features/owner/MyBusinessPage.tsx');
          return {
            element: (
              <RequireRole roles={['business_owner']}>
                <MyBusinessPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'my/consent',
        lazy: async () => {
          const { ConsentPage } = await import('./features/owner/ConsentPage.tsx');
          return {
            element: (
              <RequireRole roles={['business_owner']}>
                <ConsentPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'shop',
        ...marketPage(
          SELLER,
          async () => (await import('./features/marketplace/SellerHomePage.tsx')).SellerHomePage,
        ),
      },
      {
        path: 'shop/products',
        ...marketPage(
          SELLER,
          async () => (await import('./features/marketplace/SellerProductsPage.tsx')).SellerProductsPage,
        ),
      },
      {
        path: 'shop/products/new',
        ...marketPage(
          SELLER,
          async () => (await import('./features/marketplace/ProductFormPage.tsx')).NewProductPage,
        ),
      },
      {
        path: 'shop/products/:id',
        ...marketPage(
          SELLER,
          async () => (await import('./features/marketplace/ProductFormPage.tsx')).EditProductPage,
        ),
      },
      {
        path: 'shop/orders',
        ...marketPage(
          SELLER,
          async () => (await import('./features/marketplace/SellerOrdersPage.tsx')).SellerOrdersPage,
        ),
      },
      {
        path: 'shop/orders/:id',
        ...marketPage(
          SELLER,
          async () => (await import('./features/marketplace/SellerOrderPage.tsx')).SellerOrderPage,
        ),
      },
      {
        path: 'market',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/MarketShopsPage.tsx')).MarketShopsPage,
        ),
      },
      {
        path: 'market/shops/:id',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/MarketShopPage.tsx')).MarketShopPage,
        ),
      },
      {
        path: 'market/products',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/MarketProductsPage.tsx')).MarketProductsPage,
        ),
      },
      {
        path: 'market/orders',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/OfficerOrdersPage.tsx')).OfficerOrdersPage,
        ),
      },
      {
        path: 'market/orders/:id',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/OfficerOrderPage.tsx')).OfficerOrderPage,
        ),
      },
      {
        path: 'market/campaigns',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/CampaignsPage.tsx')).CampaignsPage,
        ),
      },
      {
        path: 'market/campaigns/:id',
        ...marketPage(
          OFFICERS,
          async () => (await import('./features/marketplace/CampaignPage.tsx')).CampaignPage,
        ),
      },
      {
        path: 'events',
        lazy: async () => {
          const { EventsPage } = await import('./features/events/EventsPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin']}>
                <EventsPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'events/new',
        lazy: async () => {
          const { NewEventPage } = await import('./features/events/EventFormPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin']}>
                <NewEventPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'events/report',
        lazy: async () => {
          const { EventReportPage } = await import('./features/events/EventReportPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin']}>
                <EventReportPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'events/mine',
        lazy: async () => {
          const { MyEventsPage } = await import('./features/events/MyEventsPage.tsx');
          return {
            element: (
              <RequireRole roles={['business_owner', 'mentor']}>
                <MyEventsPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'events/:id',
        lazy: async () => {
          const { EventPage } = await import('./features/events/EventPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin']}>
                <EventPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'events/:id/edit',
        lazy: async () => {
          const { EditEventPage } = await import('./features/events/EventFormPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin']}>
                <EditEventPage />
              </RequireRole>
            ),
          };
        },
      },
      {
        path: 'certificates',
        lazy: async () => {
          const { CertificatesPage } = await import('./features/certificates/CertificatesPage.tsx');
          return {
            element: (
              <RequireRole roles={['admin', 'institution_admin', 'mentor']}>
                <CertificatesPage />
              </RequireRole>
            ),
          };
        },
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
