import fc from 'fast-check';

/** The part of an OpenAPI 3.0 document the fuzzer reads. */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with its parameters and JSON body schema. */
export function operationsOf(doc: OpenApiDocument): OpenApiOperation[] {
  const out: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      out.push({
        method,
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

/**
 * Strings a careless or hostile client sends: NUL (Postgres refuses it in text and jsonb), lone
 * and reversed surrogates (no UTF-8 spelling), huge strings, odd but valid unicode, SQL and path
 * tricks, edge dates, and literal escapes.
 */
export const NASTY_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  'CT-\u0000',
  '201910999999\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\udc00\ud800',
  'Ok\ud800\u0000',
  'x'.repeat(120_000),
  'å'.repeat(5_000),
  '',
  ' ',
  '\t\n',
  '\uffff',
  '\ufeffOslo',
  '\u202eolsO',
  'e\u0301',
  '🇳🇴🧑‍🤝‍🧑',
  '\u2028\u2029',
  '\\u0000',
  '%00',
  "' OR 1=1 --",
  '../../etc/passwd',
  '0000-01-01',
  '0000-00-00',
  '9999-12-31',
  '275760-09-13',
  '-000001-01-01',
  '2025-02-29',
  '2025-04-14T25:00:00Z',
  '10000-01-01T00:00:00Z',
  '1e309',
  'NaN',
  '-1',
  '00000000-0000-0000-0000-000000000000',
];

/** One UTF-16 code unit that may be anything, a lone surrogate or NUL included. */
const anyCodeUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constant('\u0000') },
);

/** A nasty string: a known one, or generated from any code unit. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
);

/** A value of the wrong JSON type (or a structure where a scalar belongs). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53 + 1, 0.5, [], {}, [null], { $ne: null }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

interface Ctx {
  doc: OpenApiDocument;
  depth: number;
}

/** What to do to one place of an otherwise valid value. */
type Mutation = { at: number } & ({ kind: 'nasty'; value: string } | { kind: 'wrong-type'; value: unknown } | { kind: 'drop' } | { kind: 'extra'; key: string; value: unknown });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ at: fc.nat(), kind: fc.constant('nasty' as const), value: nastyString }) },
  { weight: 2, arbitrary: fc.record({ at: fc.nat(), kind: fc.constant('wrong-type' as const), value: wrongType }) },
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), kind: fc.constant('drop' as const) }) },
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), kind: fc.constant('extra' as const), key: nastyString, value: fc.jsonValue({ maxDepth: 1 }) }) },
);

/**
 * Values for a schema: a value it allows (so requests reach deep into the code), then none,
 * one or two mutations at places picked at random: a nasty string or a value of the wrong
 * type in place of any value, a field dropped, or a field nobody asked for.
 */
export function valueFor(schema: JsonSchema | undefined, doc: OpenApiDocument): fc.Arbitrary<unknown> {
  return fc
    .tuple(fromSchema(schema ?? {}, { doc, depth: 0 }), fc.array(mutation, { maxLength: 2 }))
    .map(([value, mutations]) => mutations.reduce<unknown>((v, m) => mutate(v, m), value));
}

/** Every place in a JSON value: [parent, key] pairs, and null for the root. */
function places(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number] | null> = [null]): typeof out {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      places(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      places(item, out);
    }
  }
  return out;
}

function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  const all = places(copy);
  const place = all[m.at % all.length];
  if (m.kind === 'extra') {
    const target = place === null ? copy : (place[0] as Record<string, unknown>)[place[1] as string];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    return copy;
  }
  if (place === null) return m.kind === 'drop' ? undefined : m.value;
  const [parent, key] = place;
  if (m.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (Array.isArray(parent)) {
    parent[key as number] = m.value;
  } else {
    parent[key as string] = m.value;
  }
  return copy;
}

function resolve(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(doc.components?.schemas?.[name] ?? {}, doc);
}

function fromSchema(raw: JsonSchema, ctx: Ctx): fc.Arbitrary<unknown> {
  const schema = resolve(raw, ctx.doc);
  const next: Ctx = { ...ctx, depth: ctx.depth + 1 };
  const variants = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (variants?.length) return fc.oneof(...variants.map((v) => fromSchema(v, next)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return fromSchema(schema.allOf[0] as JsonSchema, next);
  const withNull = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
    schema.nullable ? fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return withNull(fc.constantFrom(...(schema.enum as unknown[])));
  }
  if ('const' in schema) return fc.constant(schema.const);
  switch (schema.type) {
    case 'string':
      return withNull(stringFor(schema));
    case 'integer':
      return withNull(
        fc.integer({
          min: typeof schema.minimum === 'number' ? schema.minimum : -1000,
          max: typeof schema.maximum === 'number' ? schema.maximum : 1000,
        }),
      );
    case 'number':
      return withNull(fc.double({ noNaN: true }));
    case 'boolean':
      return withNull(fc.boolean());
    case 'array': {
      if (ctx.depth > 6) return fc.constant([]);
      const items = (schema.items as JsonSchema | undefined) ?? {};
      return withNull(fc.array(fromSchema(items, next), { maxLength: typeof schema.maxItems === 'number' ? Math.min(schema.maxItems, 4) : 4 }));
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      if (Object.keys(properties).length === 0) {
        return schema.type === 'object' ? fc.constantFrom({}, { x: '\u0000' }) : fc.jsonValue({ maxDepth: 2 });
      }
      if (ctx.depth > 6) return fc.constant({});
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(properties)) shape[name] = fromSchema(prop, next);
      return withNull(fc.record(shape, { requiredKeys: [...required] }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  // The documented example, often: a random DUF number or country code is mostly refused by
  // the domain before anything reaches Postgres, and the point is to get there.
  const example = typeof schema.example === 'string' ? [{ weight: 3, arbitrary: fc.constant(schema.example) }] : [];
  switch (schema.format) {
    case 'date':
      return fc.oneof(...example, { weight: 1, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) });
    case 'date-time':
      return fc.oneof(...example, { weight: 1, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString()) });
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.oneof(fc.constant('amina@example.org'), fc.emailAddress());
    default:
      break;
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.oneof(...example, { weight: 1, arbitrary: fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 500) });
    } catch {
      // A pattern fast-check cannot generate from: fall through to plain strings.
    }
  }
  const maxLength = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, 300) : 60;
  return fc.oneof(...example, { weight: 1, arbitrary: fc.string({ minLength: typeof schema.minLength === 'number' ? schema.minLength : 0, maxLength }) });
}

/**
 * Percent-encodes any string, lone surrogates included (as the three bytes a careless encoder
 * writes for them, which are not valid UTF-8), so the server sees exactly the bytes a hostile
 * client could send. `encodeURIComponent` throws on a lone surrogate.
 */
export function encodeLoose(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const isLow = code >= 0xdc00 && code <= 0xdfff;
    const next = value.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i += 1;
    } else if (isHigh || isLow) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(value[i]);
    }
  }
  return out;
}

/** Header values Node's HTTP client will send (it refuses control characters and code points above 0xFF). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom('"1"', 'W/"2"', '*', '3', 'x'.repeat(300), 'nb', 'nn;q=0.9, en', '\u00ff\u00fe', 'key-1'),
);
