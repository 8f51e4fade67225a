import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Role } from '../../shared/roles.ts';
import { AppError, forbidden } from './errors.ts';

/** The signed-in user as every route sees it (loaded from the session on each request). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  areaCode: string | null;
  areaName: string | null;
  institutionId: number | null;
  institutionName: string | null;
  mustChangePassword: boolean;
  /**
   * A business owner who has not yet agreed to the current personal-data consent text (UU 27/2022). Set for
   * every session user; optional so that a principal made in code (the bench, a service call) need not name it.
   */
  consentRequired?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** Who did something, for the audit log. */
export interface Actor {
  id: number | null;
  label: string;
  ip?: string | null;
  requestId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError('Unauthenticated', 401, 'Silakan masuk terlebih dahulu.');
  return request.user;
}

export function actorOf(request: FastifyRequest): Actor {
  const user = currentUser(request);
  return { id: user.id, label: user.email, ip: request.ip, requestId: request.id };
}

/**
 * Route guard: a signed-in user with one of `roles` (any role when none are given).
 * A user holding a one-time password may do nothing until they have changed it, and a business owner
 * nothing until they have agreed to the personal-data consent text (UU 27/2022): the one place both
 * gates are checked, so every route that takes a guard holds them.
 * Routes run it as their `onRequest` hook: a stranger is refused before the body is read or the input
 * validated (an anonymous request with a bad query gets 401, not a list of field errors).
 */
export function guard(...roles: Role[]): onRequestAsyncHookHandler {
  return signedIn(roles, true);
}

/** The guard for the few routes an owner uses before agreeing: reading the consent text and agreeing. */
export function guardBeforeConsent(...roles: Role[]): onRequestAsyncHookHandler {
  return signedIn(roles, false);
}

function signedIn(roles: Role[], consentGate: boolean): onRequestAsyncHookHandler {
  return async (request) => {
    const user = currentUser(request);
    if (user.mustChangePassword) {
      throw new AppError('PasswordChangeRequired', 403, 'Ganti kata sandi sementara Anda terlebih dahulu.');
    }
    if (roles.length > 0 && !roles.includes(user.role)) throw forbidden();
    if (consentGate && user.consentRequired) {
      throw new AppError(
        'ConsentRequired',
        403,
        'Setujui dahulu pemrosesan data pribadi Anda (UU 27/2022) sebelum memakai aplikasi.',
      );
    }
  };
}
