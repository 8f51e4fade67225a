import { once } from 'node:events';
import { ZipArchive } from 'archiver';
import type { DB } from '../../db/database.ts';
import { certificateFileName, certificatePdf } from './certificates.pdf.ts';
import { eventCertificatesAfter } from './certificates.repository.ts';
import { verifyPath } from './certificates.service.ts';

const BATCH = 100;

/**
 * An event's certificates as one ZIP, streamed: rows are read a hundred at a time and each PDF is made only
 * when the archive has taken the one before (its `entry` event), so a slow reader holds the work back and
 * memory stays at about one certificate, however many attendees the event had.
 */
export function eventCertificatesZip(db: DB, eventId: number, origin: string): ZipArchive {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const fill = async () => {
    let after = 0;
    for (;;) {
      const rows = await eventCertificatesAfter(db, eventId, after, BATCH);
      for (const row of rows) {
        const entry = once(archive, 'entry');
        archive.append(certificatePdf(row, `${origin}${verifyPath(row.code)}`), {
          name: certificateFileName(row),
          date: row.created_at,
        });
        await entry;
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]!.id;
    }
    await archive.finalize();
  };
  fill().catch((err: unknown) => archive.destroy(err instanceof Error ? err : new Error(String(err))));
  return archive;
}
