import { aidAnswerImporter } from '../aid/aid.answer.ts';
import { aidImporter } from '../aid/aid.import.ts';
import { businessImporter } from '../businesses/businesses.import.ts';
import { omzetImporter } from '../omzet/omzet.import.ts';
import type { Importer } from './imports.service.ts';

/** Every kind of file the platform imports, by the name used in URLs and the CLI. */
export const IMPORTERS: Record<string, Importer> = {
  [businessImporter.kind]: businessImporter,
  [omzetImporter.kind]: omzetImporter,
  [aidImporter.kind]: aidImporter,
  [aidAnswerImporter.kind]: aidAnswerImporter,
};
