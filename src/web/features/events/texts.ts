import i18n from 'i18next';
import texts from '../../i18n/parts/events.id.json';

// The events pages bring their Indonesian texts with them (English comes in its own lazy bundle): see
// Translation in i18n/bundle-id.ts. Every events page imports this module first.
if (!i18n.hasResourceBundle('id', 'translation') || !i18n.exists('events.title', { lng: 'id' })) {
  i18n.addResourceBundle('id', 'translation', texts, true, false);
}
