import { z } from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

/**
 * Which side of a zod schema to describe: `input` for what a client sends (before coercion,
 * defaults optional), `output` for what the API answers.
 */
export type SchemaSide = 'input' | 'output';

/** The schemas worth a name in `components.schemas`, referenced by `$ref` wherever they appear. */
export type NamedSchemas = ReadonlyMap<z.ZodType, string>;

const SAFE_INTEGER_BOUNDS = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);

/**
 * Converts a zod schema to the JSON Schema of an OpenAPI 3.1 document: no `$schema`, named schemas
 * replaced by `$ref`s to `#/components/schemas/…`, zod's safe-integer bounds dropped. Answers are
 * open to new fields (`additionalProperties: false` is kept only on the input side), and transforms
 * or refinements that JSON Schema cannot express are described by their input or output type.
 *
 * @example
 * openApiSchema(z.strictObject({ q: z.string() }), 'input')
 * // { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], additionalProperties: false }
 */
export function openApiSchema(schema: z.ZodType, side: SchemaSide, named: NamedSchemas = new Map(), options: { root?: 'inline' | 'ref' } = {}): JsonSchema {
  const rootName = named.get(schema);
  if (rootName && options.root !== 'inline') return { $ref: componentRef(rootName) };
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: side,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema, path }) => {
      const target = jsonSchema as JsonSchema;
      const name = named.get(zodSchema as unknown as z.ZodType);
      if (name && path.length > 0) {
        for (const key of Object.keys(target)) delete target[key];
        target.$ref = componentRef(name);
        return;
      }
      if ((zodSchema as { _zod: { def: { type: string } } })._zod.def.type === 'file') {
        // OpenAPI 3.1 describes an uploaded file by its media type; `format: binary` is kept for 3.0 tools.
        delete target.contentEncoding;
        target.contentMediaType = 'application/octet-stream';
      }
      for (const bound of ['minimum', 'maximum'] as const) {
        if (typeof target[bound] === 'number' && SAFE_INTEGER_BOUNDS.has(target[bound])) delete target[bound];
      }
      if (side === 'output' && target.additionalProperties === false) delete target.additionalProperties;
    },
  }) as JsonSchema;
  delete json.$schema;
  return inlineDefinitions(json);
}

/**
 * The `$ref` of a schema in `components.schemas`.
 *
 * @example
 * componentRef('Patent') // '#/components/schemas/Patent'
 */
export function componentRef(name: string): string {
  return `#/components/schemas/${name}`;
}

/** Inside an OpenAPI document `#/$defs/…` would resolve against the document root, so local definitions are inlined. */
function inlineDefinitions(json: JsonSchema): JsonSchema {
  const defs = json.$defs as Record<string, JsonSchema> | undefined;
  if (!defs) return json;
  const { $defs: _defs, ...rest } = json;
  const expanding = new Set<string>();
  const inlined = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inlined);
    if (!node || typeof node !== 'object') return node;
    const record = node as JsonSchema;
    const name = typeof record.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(record.$ref)?.[1] : undefined;
    if (name === undefined) return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, inlined(v)]));
    const { $ref: _ref, ...siblings } = record;
    // A recursive definition cannot be inlined forever: its repeated level is described as any value.
    if (expanding.has(name)) return siblings;
    expanding.add(name);
    const definition = inlined(defs[name] ?? {}) as JsonSchema;
    expanding.delete(name);
    return { ...siblings, ...definition };
  };
  return inlined(rest) as JsonSchema;
}
