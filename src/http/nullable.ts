// A nullable schema that survives Ajv's type coercion. `anyOf: [number, null]` does not: with
// coerceTypes on, Ajv tries the number branch first and turns null into 0 (and "" for strings),
// so `{ max: null }` would arrive as 0. A type list (`type: ['number', 'null']`) accepts null as
// it is; objects and unions, which coercion cannot reach, keep anyOf.
import { type Static, type TSchema, Type } from '@sinclair/typebox';

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);

export function Nullable<T extends TSchema>(schema: T) {
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string' && SCALARS.has(type) && !('anyOf' in schema)) {
    return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] });
  }
  return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
}
