import { addPageTexts } from '../../i18n/page-texts.ts';
import mentoringImports from '../../i18n/parts/mentoringImports.id.json';

// Every module of this feature that shows its texts imports this one first, so they arrive with its pages.
addPageTexts(mentoringImports);
