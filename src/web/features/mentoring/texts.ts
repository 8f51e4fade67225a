import { addPageTexts } from '../../i18n/page-texts.ts';
import cases from '../../i18n/parts/cases.id.json';
import outcomes from '../../i18n/parts/outcomes.id.json';

// Every module of this feature that shows its texts imports this one first, so they arrive with its pages.
addPageTexts(cases);
addPageTexts(outcomes);
