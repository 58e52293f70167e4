import type { Request, Response } from 'express';
import type { Reply } from './analytics.service.js';
import { toCsv, type CsvValue } from './csv.js';
import type { AnswerFormat } from './dto/answer.query.dto.js';

/** `?format=` wins; otherwise the Accept header chooses between JSON (the default) and CSV. */
export function formatOf(req: Request, asked: AnswerFormat | undefined): AnswerFormat {
  return asked ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
}

/**
 * JSON bytes per answer object: a cached answer is one object for its whole generation, so it is
 * serialized once, not per request (a revenue-vs-budget answer is ~300 KB). Entries go with the answer.
 */
const serialized = new WeakMap<object, Buffer>();

function jsonBytes(body: object): Buffer {
  let bytes = serialized.get(body);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(body), 'utf8');
    serialized.set(body, bytes);
  }
  return bytes;
}

const KEPT_ON_304 = new Set(['etag', 'cache-control', 'vary', 'expires', 'content-location', 'date', 'x-request-id']);

/** The reply as 304, JSON or CSV, with the headers that let clients revalidate cheaply. */
export function sendReply<T>(
  res: Response,
  reply: Reply<T>,
  format: AnswerFormat,
  name: string,
  csv: (body: T) => { columns: string[]; rows: Record<string, CsvValue>[] },
): void {
  res.setHeader('ETag', reply.etag);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Vary', 'Accept');
  if (reply.body === null) {
    // A 304 carries what revalidation needs (RFC 9110 §15.4.5) and CORS; the rest (helmet's page
    // policies, rate-limit counters) concerns a body it does not have, and would be most of its bytes.
    for (const header of res.getHeaderNames()) if (!KEPT_ON_304.has(header) && !header.startsWith('access-control-')) res.removeHeader(header);
    res.status(304).end();
    return;
  }
  if (format === 'json') {
    res
      .status(200)
      .type('application/json; charset=utf-8')
      .send(jsonBytes(reply.body as object));
    return;
  }
  const { columns, rows } = csv(reply.body);
  res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `inline; filename="${name}.csv"`);
  res.send(toCsv(columns, rows));
}
