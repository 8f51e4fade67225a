import fs from 'node:fs';
import {
  LEGALITY_MILESTONES,
  MILESTONE_EVIDENCE,
  MILESTONE_LABELS,
  type MilestoneKind,
} from '../../../shared/mentoring.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { discardUpload, type StoredUpload, storeUpload } from '../../files/uploads.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { mayEdit, visibleBusiness } from '../businesses/businesses.service.ts';
import type { Legality } from '../businesses/businesses.table.ts';
import { fieldError, todayOf } from './cases.service.ts';
import type { MilestoneDetails } from './mentoring.table.ts';
import { milestonesOf } from './mentoring.view.ts';
import type { CreateMilestoneInput, MilestoneDetailsInput } from './milestones.schema.ts';

/** Who records milestones: the office, officers in their area, the business's mentor (as they edit the registry). */
export const MILESTONE_RECORDERS = ['admin', 'area_officer', 'mentor'] as const;

const isLegality = (kind: MilestoneKind): kind is (typeof LEGALITY_MILESTONES)[number] =>
  (LEGALITY_MILESTONES as readonly string[]).includes(kind);

/**
 * The evidence each kind needs (MILESTONE_EVIDENCE): legality a document number; a cooperative a number or a
 * file; online sales the channel; capital access lender and amount > 0; jobs created/retained, not both 0.
 * `where` is `body` or `query` (the file variant), for the field's path in the error.
 */
function evidenceOf(
  kind: MilestoneKind,
  evidenceNumber: string | null | undefined,
  details: MilestoneDetailsInput,
  hasFile: boolean,
  where: 'body' | 'query',
): { number: string | null; details: MilestoneDetails } {
  const label = MILESTONE_LABELS[kind].id;
  const number = evidenceNumber?.trim() || null;
  const at = (field: string) =>
    where === 'body' && field !== 'evidenceNumber' ? `body.details.${field}` : `${where}.${field}`;
  const missing = (field: string, message: string) => fieldError('EvidenceMissing', 400, at(field), message);
  switch (MILESTONE_EVIDENCE[kind]) {
    case 'number':
      if (!number) throw missing('evidenceNumber', `Nomor dokumen wajib diisi untuk capaian "${label}".`);
      return { number, details: {} };
    case 'number_or_file':
      if (!number && !hasFile) {
        throw missing('evidenceNumber', `Capaian "${label}" memerlukan nomor keanggotaan atau berkas bukti.`);
      }
      return { number, details: {} };
    case 'details':
      break;
  }
  if (kind === 'online_sales') {
    if (!details.channel)
      throw missing('channel', 'Saluran penjualan online wajib diisi (mis. Shopee, WhatsApp).');
    return { number, details: { channel: details.channel } };
  }
  if (kind === 'capital_access') {
    if (!details.lender) throw missing('lender', 'Nama lembaga pemberi modal wajib diisi.');
    if (!details.amount || details.amount <= 0) {
      throw missing('amount', 'Jumlah pembiayaan wajib diisi dan lebih dari 0 (rupiah).');
    }
    return { number, details: { lender: details.lender, amount: details.amount } };
  }
  const created = details.created ?? 0;
  const retained = details.retained ?? 0;
  if (created === 0 && retained === 0) {
    throw missing(
      'created',
      'Isi jumlah tenaga kerja baru atau yang dipertahankan (tidak boleh keduanya 0).',
    );
  }
  return { number, details: { created, retained } };
}

export async function createMilestone(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  input: CreateMilestoneInput,
  file: { content: Buffer } | null = null,
  where: 'body' | 'query' = 'body',
) {
  if (!(MILESTONE_RECORDERS as readonly string[]).includes(user.role)) throw forbidden();
  const business = await visibleBusiness(db, config, user, input.businessId);
  if (!mayEdit(user, business)) throw forbidden();
  if (input.achievedOn > todayOf(config)) {
    throw fieldError(
      'DateInFuture',
      400,
      `${where}.achievedOn`,
      'Tanggal capaian tidak boleh di masa depan.',
    );
  }
  const evidence = evidenceOf(input.kind, input.evidenceNumber, input.details, file !== null, where);
  if (isLegality(input.kind)) {
    const twin = await db
      .selectFrom('milestone')
      .select('id')
      .where('business_id', '=', business.id)
      .where('kind', '=', input.kind)
      .executeTakeFirst();
    if (twin) {
      throw fieldError(
        'MilestoneExists',
        409,
        `${where}.kind`,
        `Capaian "${MILESTONE_LABELS[input.kind].id}" sudah tercatat untuk usaha ini.`,
      );
    }
  }
  const kase = await db
    .selectFrom('mentoring_case')
    .select('id')
    .where('business_id', '=', business.id)
    .orderBy(({ eb }) => eb('closed_on', 'is', null), 'desc')
    .orderBy('opened_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let stored: StoredUpload | null = null;
  if (file) {
    stored = storeUpload(config, ['mentoring', 'milestones', String(business.id)], file.content, {
      field: 'bukti',
    });
  }
  try {
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('milestone')
        .values({
          business_id: business.id,
          case_id: kase?.id ?? null,
          kind: input.kind,
          achieved_on: input.achievedOn,
          evidence_number: evidence.number,
          evidence_file: stored?.path ?? null,
          evidence_type: stored?.type ?? null,
          details: JSON.stringify(evidence.details),
          verified_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entity: 'milestone',
        entityId: row.id,
        areaCode: business.kelurahan_code,
        newValues: {
          business_id: business.id,
          kind: input.kind,
          achieved_on: input.achievedOn,
          evidence_number: evidence.number,
          evidence_file: stored ? stored.type : null,
          details: { ...evidence.details },
        },
      });
      // The legality ladder: the registry's legality of the business follows, audited as the registry does.
      if (isLegality(input.kind)) {
        const before = await trx
          .selectFrom('business')
          .select('legality')
          .where('id', '=', business.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const legality: Legality = {
          ...before.legality,
          [input.kind]: { number: evidence.number!, date: input.achievedOn },
        };
        await trx
          .updateTable('business')
          .set({ legality: JSON.stringify(legality), updated_at: new Date() })
          .where('id', '=', business.id)
          .execute();
        await recordAudit(trx, actor, {
          action: 'update',
          entity: 'business',
          entityId: business.id,
          areaCode: business.kelurahan_code,
          oldValues: { legality: { ...before.legality } },
          newValues: { legality: { ...legality }, milestone_id: row.id },
        });
      }
      return row.id;
    });
    const [dto] = await milestonesOf(db, business.id, [id]);
    return dto!;
  } catch (err) {
    discardUpload(stored);
    throw err;
  }
}

/**
 * The one rule for the owner's confirmation that the program helped reach a milestone (attribution), behind
 * both routes that do it (`POST /mentoring/milestones/:id/confirm` and the owner's own
 * `POST /me/milestones/:id/confirm`): only milestones of the owner's own businesses (else 404); confirming
 * again keeps the first time. Locks the milestone and records the confirmation in the audit log, in `trx`.
 * Returns the milestone's business.
 */
export async function confirmOwnMilestone(trx: Executor, user: SessionUser, actor: Actor, id: number) {
  const row = await trx
    .selectFrom('milestone as m')
    .innerJoin('business as b', 'b.id', 'm.business_id')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .select(['m.id', 'm.kind', 'm.business_id', 'm.owner_confirmed_at', 'b.kelurahan_code'])
    .where('m.id', '=', id)
    .where('o.user_id', '=', user.id)
    .forUpdate('m')
    .executeTakeFirst();
  if (!row) throw notFound('Capaian');
  if (!row.owner_confirmed_at) {
    await trx.updateTable('milestone').set({ owner_confirmed_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'confirm',
      entity: 'milestone',
      entityId: id,
      areaCode: row.kelurahan_code,
      oldValues: { kind: row.kind, owner_confirmed: false },
      newValues: { kind: row.kind, owner_confirmed: true },
      keep: ['kind'],
    });
  }
  return Number(row.business_id);
}

/** `POST /mentoring/milestones/:id/confirm`: `confirmOwnMilestone`, answered as the business's milestone. */
export async function confirmMilestone(db: DB, user: SessionUser, actor: Actor, id: number) {
  const businessId = await db.transaction().execute((trx) => confirmOwnMilestone(trx, user, actor, id));
  const [dto] = await milestonesOf(db, businessId, [id]);
  return dto!;
}

/** A milestone's evidence file, to whoever may see its business. */
export async function readEvidence(db: DB, config: Config, user: SessionUser, id: number) {
  const row = await db
    .selectFrom('milestone')
    .select(['business_id', 'evidence_file', 'evidence_type'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Capaian');
  await visibleBusiness(db, config, user, row.business_id);
  if (!row.evidence_file || !fs.existsSync(row.evidence_file)) throw notFound('Berkas bukti');
  return { path: row.evidence_file, type: row.evidence_type ?? 'application/octet-stream' };
}
