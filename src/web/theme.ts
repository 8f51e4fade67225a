import { createTheme, type MantineColorsTuple } from '@mantine/core';
import type { TFunction } from 'i18next';

// A calm civic blue for the primary colour and a warm amber accent ("bangkit" = rise).
const civic: MantineColorsTuple = [
  '#eaf1fa',
  '#d2e0f1',
  '#a3bfe3',
  '#709cd5',
  '#487fc9',
  '#2f6cc2',
  '#2262c0',
  '#1a4f8b',
  '#134679',
  '#083c69',
];

const amber: MantineColorsTuple = [
  '#fff8e1',
  '#ffefcc',
  '#ffdd9b',
  '#ffca64',
  '#ffba38',
  '#ffb01b',
  '#f5a400',
  '#da9100',
  '#c28000',
  '#a86d00',
];

/**
 * The theme in the app's language: Mantine names the buttons it draws itself in English ("Toggle password
 * visibility") or not at all (a dialog's ×), so their accessible names come from here.
 */
export const themeFor = (t: TFunction) =>
  createTheme({
    primaryColor: 'civic',
    primaryShade: { light: 7, dark: 5 },
    colors: { civic, amber },
    defaultRadius: 'md',
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    headings: { fontWeight: '650' },
    cursorType: 'pointer',
    components: {
      Paper: { defaultProps: { withBorder: true } },
      Card: { defaultProps: { withBorder: true } },
      Modal: {
        defaultProps: {
          centered: true,
          radius: 'md',
          closeButtonProps: { 'aria-label': t('common.closeDialog') },
        },
      },
      Drawer: { defaultProps: { closeButtonProps: { 'aria-label': t('common.closeDialog') } } },
      Notification: { defaultProps: { closeButtonProps: { 'aria-label': t('common.closeMessage') } } },
      PasswordInput: {
        defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.showPassword') } },
      },
      Tooltip: { defaultProps: { withArrow: true } },
      // Capitals shout, and they mangle names ("KOTA TANGERANG"): badges keep the text as written.
      Badge: { styles: { root: { textTransform: 'none', fontWeight: 600 } } },
    },
  });
