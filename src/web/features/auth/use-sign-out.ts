import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { meQueryKey } from '../../api/query-client.ts';
import { errorText } from '../../components/error-text.ts';
import { forgetDevice } from '../offline/device-store.ts';

/**
 * Signs out, then forgets everything cached for this user, on the device too (the service worker's copies of
 * reads, writes still waiting to be sent — after asking — and refused ones). The login page is opened first, marked as a deliberate
 * sign-out, so it neither bounces back to the app nor remembers the page to return to.
 */
export function useSignOut() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    const waiting = queryClient.getMutationCache().findAll({ mutationKey: ['offline'], status: 'pending' });
    if (waiting.length > 0 && !window.confirm(t('offline.signOutWaiting', { count: waiting.length }))) return;
    try {
      await api<void>('/auth/logout', { method: 'POST', unauthenticatedIsExpected: true });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(t, error) });
      return;
    }
    await navigate('/login', { replace: true, state: { signedOut: true } });
    await forgetDevice(queryClient);
    queryClient.clear();
    queryClient.setQueryData(meQueryKey, null);
  };
}
