import { addPageTexts } from '../../i18n/page-texts.ts';
import mentors from '../../i18n/parts/mentors.id.json';

// Every module of this feature that shows its texts imports this one first, so they arrive with its pages.
addPageTexts(mentors);
