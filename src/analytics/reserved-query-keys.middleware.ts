import { BadRequestException, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Keys class-transformer silently drops (prototype-pollution guard), so the whitelist never sees them. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses `?__proto__=…` and friends the way the ValidationPipe refuses any other unknown
 * parameter, instead of letting them vanish before validation and answering 200.
 */
@Injectable()
export class ReservedQueryKeysMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const reserved = Object.keys(req.query).filter((key) => RESERVED.has(key));
    if (reserved.length > 0) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: reserved.map((key) => `property ${key} should not exist`) });
    }
    next();
  }
}
