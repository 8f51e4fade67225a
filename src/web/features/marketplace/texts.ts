import { addPageTexts } from '../../i18n/page-texts.ts';
import texts from '../../i18n/parts/market.id.json';

// Every page of this feature imports this module first, so its Indonesian texts arrive with it.
addPageTexts(texts);
