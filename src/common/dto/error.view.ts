import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, type HeaderObject } from '@nestjs/swagger';
import { AppErrorCode } from '../app-error.js';

/**
 * The body of every error answer, as AppExceptionFilter writes it: Nest's own HTTP errors
 * (validation, a malformed path parameter, an unknown route, the rate limit) carry
 * statusCode, message and usually error; domain errors add a stable `code` and their details.
 */
export class ErrorView {
  @ApiProperty({ type: 'integer', example: 400, description: 'The HTTP status again.' })
  statusCode!: number;

  @ApiPropertyOptional({ example: 'Bad Request', description: 'The status in words (Nest errors) or its constant name (domain errors, e.g. CONFLICT).' })
  error?: string;

  @ApiPropertyOptional({ enum: AppErrorCode, enumName: 'AppErrorCode', description: 'Domain errors only: which one, stable for clients to branch on.' })
  code?: AppErrorCode;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['limit must be at most 100'],
    description: 'What went wrong in words; validation errors list every problem.',
  })
  message!: string | string[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'JOB_CONFLICT only: the job that holds the source (null when it could not be told).',
  })
  runningJobId?: string | null;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500;

const DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'A parameter or the body is invalid (unknown parameters included): `message` names each problem.',
  401: 'No API key in `x-api-key`.',
  403: 'The API key is not valid for this endpoint.',
  404: 'No such resource.',
  409: 'The request conflicts with the current state.',
  413: 'The body is larger than the configured limit.',
  415: 'The body is sent with an unsupported Content-Type.',
  422: 'The server is not configured for this request.',
  429: 'Too many requests from this client (RATE_LIMIT_PER_MINUTE); requests with the admin key are never limited.',
  500: 'An unexpected error; its details stay in the server log.',
};

const RETRY_AFTER: Record<string, HeaderObject> = {
  'Retry-After': { description: 'Seconds to wait before trying again.', required: true, schema: { type: 'integer', minimum: 0 } },
};

/** Documents one error status with the ErrorView body (always JSON, whatever the endpoint's success media types). */
export function ApiErrorResponse(status: ErrorStatus, description: string = DESCRIPTIONS[status]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorView),
    ApiResponse({
      status,
      description,
      content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorView) } } },
      ...(status === 429 ? { headers: RETRY_AFTER } : {}),
    }),
  );
}

/**
 * Documents the error statuses of a route: those every API route can answer (400 for unknown
 * parameters, 429, 500) and the ones given, each with its usual description or the one given.
 */
export function ApiErrorResponses(statuses: Partial<Record<ErrorStatus, string | true>> = {}): MethodDecorator & ClassDecorator {
  const given = statuses as Record<string, string | true>;
  const all = [...new Set([400, 429, 500, ...Object.keys(given).map(Number)])].sort((a, b) => a - b) as ErrorStatus[];
  return applyDecorators(...all.map((status) => ApiErrorResponse(status, typeof given[status] === 'string' ? given[status] : undefined)));
}

/** Read routes: open unless READ_API_KEY is set on the server; then 401 without a key and 403 with a wrong one. */
export function ApiReadKeyResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiErrorResponse(401, 'Only when READ_API_KEY is set on the server: no API key in `x-api-key`.'),
    ApiErrorResponse(403, 'Only when READ_API_KEY is set on the server: the API key is neither the read nor the admin key.'),
  );
}

/** Admin routes: AdminOnly (api-key.guard.ts) already describes their 401 and 403; this adds the body they carry. */
export function ApiAdminKeyResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiErrorResponse(401, ''), ApiErrorResponse(403, ''));
}
