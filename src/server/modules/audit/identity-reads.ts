import { maskNik } from '../../../shared/identity.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { Executor } from './audit.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { JsonRecord } from './audit.table.ts';

/*
 * Identity numbers (NIK, No. KK) are personal data (UU 27/2022): they leave the API in full only through
 * this file, and each time they do, the audit log says who read whose, when. One record's numbers go out
 * through `disclose` (one `read_full_nik` entry per owner shown in full); a file of many (an export)
 * through `recordExport` (one entry for the file, with the filter that chose its rows).
 */

/** Roles that may see identity numbers in full; everyone else sees them masked. An owner sees their own. */
export const seesFullIdentity = (user: SessionUser) => user.role === 'admin' || user.role === 'area_officer';

/** Whose numbers a record carries. */
export interface IdentitySubject {
  /** The owner record, or null for numbers that belong to no owner yet (a row of a file). */
  ownerId: number | null;
  /** The owner's own account, if they have one: they read their own numbers unlogged. */
  ownerUserId: number | null;
  /** Where the record lies (the business's kelurahan), for the audit entry. */
  areaCode?: string | null;
}

/** How a response may carry one subject's numbers. */
export interface Disclosure {
  /** Whether this response carries the subject's numbers (and birth date) in full; notes a full read. */
  full(subject: IdentitySubject): boolean;
  nik(subject: IdentitySubject, nik: string): { nik: string; nikMasked: boolean };
  kk(subject: IdentitySubject, kk: string | null): string | null;
}

class Reads implements Disclosure {
  /** Owner id → area of the record it was read through. */
  readonly subjects = new Map<number | null, string | null>();
  constructor(
    private readonly user: SessionUser,
    private readonly reveal: boolean,
  ) {}

  full(subject: IdentitySubject) {
    if (subject.ownerUserId != null && subject.ownerUserId === this.user.id) return true;
    if (!this.reveal || !seesFullIdentity(this.user)) return false;
    this.subjects.set(subject.ownerId, subject.areaCode ?? null);
    return true;
  }

  nik(subject: IdentitySubject, nik: string) {
    const full = this.full(subject);
    return { nik: full ? nik : maskNik(nik), nikMasked: !full };
  }

  kk(subject: IdentitySubject, kk: string | null) {
    if (kk == null) return null;
    return this.full(subject) ? kk : maskNik(kk);
  }
}

/**
 * Lists carry identity numbers masked for every role (an owner sees their own): a page of 25–100 people
 * is no place for full NIKs, and a read logged on every page would make each list request a write.
 * A full NIK still finds its owner in a list search; the record's own page shows it, logged.
 */
export const listDisclosure = (user: SessionUser): Disclosure => new Reads(user, false);

/**
 * Builds one response that may carry full identity numbers: `build` maps rows through the disclosure,
 * then every owner whose numbers it gave out in full (other than to the owner) is audit-logged as
 * `read_full_nik` (who: the actor; whose: the owner; when; through which record). Pass the transaction
 * of a write as `db` to log in it.
 */
export async function disclose<T>(
  db: Executor,
  actor: Actor,
  user: SessionUser,
  via: { entity: string; id: number | string },
  build: (disclosure: Disclosure) => T | Promise<T>,
): Promise<T> {
  const reads = new Reads(user, true);
  const response = await build(reads);
  await recordAudit(
    db,
    actor,
    ...[...reads.subjects].map(([ownerId, areaCode]) => ({
      action: 'read_full_nik',
      entity: 'owner',
      entityId: ownerId,
      areaCode,
      newValues: { via: via.entity, viaId: String(via.id) },
    })),
  );
  return response;
}

/**
 * A file of many records (an export): one entry for the file, `export_full_nik` when it carries full
 * identity numbers, saying what chose its rows.
 */
export async function recordExport(
  db: Executor,
  actor: Actor,
  file: {
    full: boolean;
    entity: string;
    entityId?: number | null;
    areaCode: string | null;
    values: JsonRecord;
  },
) {
  await recordAudit(db, actor, {
    action: file.full ? 'export_full_nik' : 'export',
    entity: file.entity,
    entityId: file.entityId ?? null,
    areaCode: file.areaCode,
    newValues: { ...file.values, nik: file.full ? 'full' : 'masked' },
  });
}
