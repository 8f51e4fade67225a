/** The events program's codes, one list for the web forms and the API (decision 0020). */

export const EVENT_TYPES = ['webinar', 'training', 'workshop', 'expo'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_STATES = ['draft', 'published', 'cancelled'] as const;
export type EventState = (typeof EVENT_STATES)[number];

export const EVENT_AUDIENCES = ['business', 'mentor', 'public'] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];

export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const BUSINESS_MATCHES = ['phone', 'nik', 'account', 'staff'] as const;
export type BusinessMatch = (typeof BUSINESS_MATCHES)[number];

export const ATTENDANCE_SOURCES = ['scan', 'list', 'upload'] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

export const UPLOAD_STATUSES = ['review', 'applied', 'discarded'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export const UPLOAD_MATCH_KINDS = ['phone', 'email', 'name', 'none'] as const;
export type UploadMatchKind = (typeof UPLOAD_MATCH_KINDS)[number];

/** Who asks to register: someone on the public form (anonymous), or a signed-in owner or mentor (one click). */
export type Registrant = 'anonymous' | 'business_owner' | 'mentor';

/**
 * Whether an event's audience admits a registrant (decision 0026): `public` admits everyone, the public form
 * included; `business` admits signed-in business owners; `mentor` signed-in mentors. The server enforces it; the
 * public page offers only what it admits.
 */
export function audienceAdmits(audience: readonly EventAudience[], who: Registrant): boolean {
  if (audience.includes('public')) return true;
  if (who === 'business_owner') return audience.includes('business');
  if (who === 'mentor') return audience.includes('mentor');
  return false;
}
