import i18n from 'i18next';
import texts from '../../i18n/parts/certificates.id.json';

// The certificates texts come with the pages that show them (the list, the event page, the mentor page),
// not with the first load: see Translation in i18n/bundle-id.ts. Each of those imports this module first.
if (!i18n.hasResourceBundle('id', 'translation') || !i18n.exists('certificates.title', { lng: 'id' })) {
  i18n.addResourceBundle('id', 'translation', texts, true, false);
}
