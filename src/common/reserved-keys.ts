import type { NextFunction, Request, Response } from 'express';

/**
 * Keys that class-transformer drops silently (its prototype-pollution guard), so the
 * ValidationPipe's whitelist never sees them and a request carrying them would pass.
 * They are refused at the edge instead, in query strings and JSON bodies alike.
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

export function refuseReservedQueryKeys(req: Request, res: Response, next: NextFunction): void {
  const reserved = Object.keys(req.query as object).filter((key) => RESERVED.has(key));
  if (reserved.length === 0) return next();
  res.status(400).json({ statusCode: 400, error: 'Bad Request', message: reserved.map((key) => `property ${key} should not exist`) });
}

/** A `JSON.parse` reviver for request bodies: body-parser turns the throw into a 400 with this message. */
export function refuseReservedJsonKeys(key: string, value: unknown): unknown {
  if (RESERVED.has(key)) throw new Error(`property ${key} should not exist`);
  return value;
}
