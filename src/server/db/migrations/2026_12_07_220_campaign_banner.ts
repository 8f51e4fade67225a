import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here. A campaign's banner (issue 11) goes through the
// marketplace's photo pipeline like a product photo: a key naming the re-encoded files, the size of the
// (oriented) original and the widths stored, so pages give width and height and a srcset without reading files.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('campaign')
    .addColumn('banner_width', 'integer')
    .addColumn('banner_height', 'integer')
    .addColumn('banner_widths', sql`integer[]`)
    .execute();
  await sql`alter table campaign add constraint campaign_banner_check check (
    banner_key is null
    or (banner_key ~ '^[a-f0-9]{32}$' and banner_width > 0 and banner_height > 0
        and cardinality(banner_widths) > 0)
  )`.execute(db);
}
