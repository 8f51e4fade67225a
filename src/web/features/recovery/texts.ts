import { addPageTexts } from '../../i18n/page-texts.ts';
import onlineReadiness from '../../i18n/parts/onlineReadiness.id.json';

// The recovery page's own texts (digital readiness), loaded with the page rather than the first load.
addPageTexts(onlineReadiness);
