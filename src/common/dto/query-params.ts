import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';

/** How one query parameter is documented in the API index and OpenAPI; its `default` is also what the service applies. */
export interface ParamDoc {
  name: string;
  type: 'integer' | 'number' | 'string';
  default?: number | string;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  description: string;
}

const PARAM_DOCS = Symbol('analytics-param-docs');

type QueryClass = abstract new () => object;

/** The documented parameters of a query DTO (its base classes' included), in declaration order. */
export function paramDocs(dto: QueryClass): ParamDoc[] {
  return (Reflect.getMetadata(PARAM_DOCS, dto) as ParamDoc[] | undefined) ?? [];
}

/** The query after defaults, without `format` (which picks the representation, not the answer). */
export function withDefaults<T extends object>(dto: QueryClass, query: T): Omit<T, 'format'> & Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const doc of paramDocs(dto)) {
    if (doc.name === 'format') continue;
    const given = (query as Record<string, unknown>)[doc.name];
    params[doc.name] = given ?? doc.default ?? null;
  }
  return params as Omit<T, 'format'> & Record<string, unknown>;
}

function documented(doc: Omit<ParamDoc, 'name'>): PropertyDecorator {
  return (target, key) => {
    const ctor = target.constructor;
    const own = Reflect.getOwnMetadata(PARAM_DOCS, ctor) as ParamDoc[] | undefined;
    const list = own ?? [...((Reflect.getMetadata(PARAM_DOCS, ctor) as ParamDoc[] | undefined) ?? [])];
    list.push({ name: String(key), ...doc });
    Reflect.defineMetadata(PARAM_DOCS, list, ctor);
  };
}

/** Query strings hold text: only a plain decimal becomes a number; anything else stays text and fails the number check. */
function toNumber({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

interface NumberParamOptions {
  default?: number;
  min: number;
  max: number;
  description: string;
}

/** An optional whole-number query parameter with bounds; 400 names the parameter and the rule. */
export function IntParam(o: NumberParamOptions): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'integer', default: o.default, minimum: o.min, maximum: o.max, description: o.description }),
    ApiPropertyOptional({ type: 'integer', default: o.default, minimum: o.min, maximum: o.max, description: o.description }),
    IsOptional(),
    Transform(toNumber),
    IsInt({ message: '$property must be a whole number' }),
    Min(o.min, { message: `$property must be at least ${o.min}` }),
    Max(o.max, { message: `$property must be at most ${o.max}` }),
  );
}

/** An optional decimal query parameter with bounds. */
export function NumberParam(o: NumberParamOptions): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'number', default: o.default, minimum: o.min, maximum: o.max, description: o.description }),
    ApiPropertyOptional({ type: 'number', default: o.default, minimum: o.min, maximum: o.max, description: o.description }),
    IsOptional(),
    Transform(toNumber),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' }),
    Min(o.min, { message: `$property must be at least ${o.min}` }),
    Max(o.max, { message: `$property must be at most ${o.max}` }),
  );
}

/** An optional query parameter that takes one of a few words. */
export function EnumParam(o: { values: readonly string[]; default?: string; description: string }): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'string', enum: o.values, default: o.default, description: o.description }),
    ApiPropertyOptional({ enum: o.values, default: o.default, description: o.description }),
    IsOptional(),
    IsIn(o.values, { message: `$property must be one of ${o.values.join(', ')}` }),
  );
}

/** An optional ISO 8601 date or date-time (a bare date means midnight UTC). */
export function DateTimeParam(o: { description: string }): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'string', description: o.description }),
    ApiPropertyOptional({ type: 'string', format: 'date-time', example: '2024-01-31T00:00:00Z', description: o.description }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date or date-time, such as 2024-01-31 or 2024-01-31T12:00:00Z' }),
  );
}

/** `to` must not come before `from` (checked only when both are numbers). */
export function NotBefore(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'notBefore',
    constraints: [other],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const start = (args?.object as Record<string, unknown> | undefined)?.[other];
        return typeof value !== 'number' || typeof start !== 'number' || value >= start;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} (${String(args?.value)}) must not be before ${other} (${String((args?.object as Record<string, unknown>)[other])})`,
    },
  });
}

/** Query text as a list: `a,b` or a repeated parameter (`?x=a&x=b`); anything else stays as it is and fails the list check. */
function toList({ value }: { value: unknown }): unknown {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part) => typeof part === 'string')) return value;
  return (parts as string[]).flatMap((part) => part.split(',')).map((part) => part.trim());
}

/** An optional comma-separated list of words (1 … max of them, no repeats); the default is documented as its text. */
export function ListParam(o: { values: readonly string[]; default?: string; max: number; description: string }): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'string', enum: o.values, default: o.default, description: o.description }),
    ApiPropertyOptional({
      type: 'string',
      default: o.default,
      example: o.values.slice(0, Math.min(2, o.max)).join(','),
      pattern: `^(${o.values.join('|')})(,(${o.values.join('|')})){0,${o.max - 1}}$`,
      description: o.description,
    }),
    IsOptional(),
    Transform(toList),
    ValidateBy(
      {
        name: 'wordList',
        validator: {
          validate: (value: unknown) =>
            Array.isArray(value) &&
            value.length >= 1 &&
            value.length <= o.max &&
            new Set(value).size === value.length &&
            value.every((v) => o.values.includes(v as string)),
        },
        constraints: [],
      },
      { message: `$property must be 1 to ${o.max} distinct of ${o.values.join(', ')}, separated by commas` },
    ),
  );
}

/** An optional comma-separated list of whole numbers, strictly ascending, within bounds. */
export function NumberListParam(o: { min: number; max: number; maxItems: number; description: string; example: string }): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'string', description: o.description }),
    ApiPropertyOptional({ type: 'string', example: o.example, pattern: `^\\d+(,\\d+){0,${o.maxItems - 1}}$`, description: o.description }),
    IsOptional(),
    Transform((args) => {
      const list = toList(args);
      return Array.isArray(list) && list.every((v) => typeof v === 'string' && /^\d+$/.test(v)) ? list.map(Number) : list;
    }),
    ValidateBy(
      {
        name: 'ascendingNumbers',
        validator: {
          validate: (value: unknown) =>
            Array.isArray(value) &&
            value.length >= 1 &&
            value.length <= o.maxItems &&
            value.every((v, i) => typeof v === 'number' && Number.isSafeInteger(v) && v >= o.min && v <= o.max && (i === 0 || v > (value[i - 1] as number))),
        },
        constraints: [],
      },
      { message: `$property must be 1 to ${o.maxItems} whole numbers from ${o.min} to ${o.max}, strictly ascending, separated by commas` },
    ),
  );
}

/** An optional short text (a code or a name). */
export function TextParam(o: { default?: string; maxLength: number; description: string; example: string }): PropertyDecorator {
  return applyDecorators(
    documented({ type: 'string', default: o.default, description: o.description }),
    ApiPropertyOptional({ type: 'string', default: o.default, example: o.example, maxLength: o.maxLength, description: o.description }),
    IsOptional(),
    ValidateBy(
      {
        name: 'shortText',
        validator: { validate: (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= o.maxLength },
        constraints: [],
      },
      { message: `$property must be one text of 1 to ${o.maxLength} characters` },
    ),
  );
}
