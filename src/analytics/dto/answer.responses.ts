import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiNotModifiedResponse, ApiOkResponse, getSchemaPath, type HeaderObject } from '@nestjs/swagger';

/** What every analytics reply (200 and 304) carries so clients can revalidate cheaply. */
const REVALIDATION_HEADERS: Record<string, HeaderObject> = {
  ETag: {
    description: 'Names this answer (data version, parameters, representation): send it back in If-None-Match.',
    required: true,
    schema: { type: 'string' },
  },
  'Cache-Control': { description: 'Reuse only after revalidating.', required: true, schema: { type: 'string', enum: ['no-cache'] } },
};

/**
 * The 200 (JSON, or CSV with `format=csv` / `Accept: text/csv`) and 304 of an analytics
 * endpoint, and the If-None-Match header it honours.
 */
export function ApiAnswerResponses(model: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'ETags of answers the client holds (or *): 304 without a body when one is current.',
      schema: { type: 'string' },
    }),
    ApiOkResponse({
      description: 'The answer: JSON by default; CSV with format=csv or Accept: text/csv.',
      headers: REVALIDATION_HEADERS,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/csv': {
          schema: { type: 'string', description: 'The rows as RFC 4180 CSV (UTF-8, CRLF) after a header line of column ids.' },
        },
      },
    }),
    ApiNotModifiedResponse({ description: 'If-None-Match held the current ETag: the answer has not changed. No body.', headers: REVALIDATION_HEADERS }),
  );
}
