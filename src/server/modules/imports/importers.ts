import { aidAnswerImporter } from '../aid/aid.answer.ts';
import { aidImporter } from '../aid/aid.import.ts';
import { businessImporter } from '../businesses/businesses.import.ts';
import { mentorImporter } from '../mentoring/mentors.import.ts';
import { sessionImporter } from '../mentoring/sessions.import.ts';
import { omzetImporter } from '../omzet/omzet.import.ts';
import type { Importer } from './imports.service.ts';

/**
 * Every kind of file the platform imports, by the name used in URLs and the CLI. A Map, not an object
 * literal: the kind comes from the client, and `__proto__` or `constructor` must name nothing.
 */
export const IMPORTERS: ReadonlyMap<string, Importer> = new Map(
  [businessImporter, omzetImporter, aidImporter, aidAnswerImporter, mentorImporter, sessionImporter].map(
    (importer) => [importer.kind, importer],
  ),
);
