import { applyDecorators, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AppError, AppErrorCode } from './app-error.js';

type Access = 'admin' | 'read';
const ACCESS = 'api-key-access';

/**
 * `x-api-key` checks: admin routes need ADMIN_API_KEY; read routes need READ_API_KEY
 * only when it is set (the admin key opens them too). 401 without a key, 403 with a
 * wrong one; compared in constant time over fixed-length digests.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [context.getHandler(), context.getClass()]) ?? 'read';
    const { adminApiKey, readApiKey } = this.config.auth;
    if (access === 'read' && !readApiKey) return true;
    if (access === 'admin' && !adminApiKey) {
      throw new AppError(AppErrorCode.ADMIN_KEY_NOT_CONFIGURED, 'this endpoint needs ADMIN_API_KEY to be set on the server');
    }
    const given = keyOf(context.switchToHttp().getRequest<Request>());
    if (given === null) throw new AppError(AppErrorCode.API_KEY_MISSING, 'send the API key in the x-api-key header (or as Authorization: Bearer <key>)');
    const accepted = access === 'admin' ? [adminApiKey] : [readApiKey, adminApiKey];
    if (!accepted.some((key) => key !== undefined && sameSecret(given, key)))
      throw new AppError(AppErrorCode.API_KEY_WRONG, 'the API key is not valid for this endpoint');
    return true;
  }
}

/**
 * The key a request sends: the `x-api-key` header, or `Authorization: Bearer <key>` (what tools such as
 * Tableau's REST API connector send); null when neither is there.
 */
function keyOf(req: Request): string | null {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const bearer = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
  return bearer ? bearer[1]! : null;
}

/** Constant-time comparison over fixed-length digests, so neither content nor length leaks through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Admin-only route: the admin key in `x-api-key`. */
export function AdminOnly() {
  return applyDecorators(
    SetMetadata(ACCESS, 'admin'),
    UseGuards(ApiKeyGuard),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({ description: 'No API key sent, or none configured on the server.' }),
    ApiForbiddenResponse({ description: 'Wrong API key.' }),
  );
}

/** Read route: open unless READ_API_KEY is set. */
export function ReadAccess() {
  return applyDecorators(SetMetadata(ACCESS, 'read'), UseGuards(ApiKeyGuard));
}
