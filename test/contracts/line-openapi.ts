import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** LINE's official OpenAPI files, as CI has them beside the repository. */
export const LINE_CONTRACTS = resolve(__dirname, '../../../shared/contracts/line-openapi');

type Schema = Record<string, unknown> & {
  discriminator?: { propertyName?: string; mapping: Record<string, string> };
};

export interface LineSpec {
  spec: { components: { schemas: Record<string, Schema> } } & Record<string, unknown>;
  /** Errors of `value` against a named component schema ([] when valid). */
  validate(schemaName: string, value: unknown): string[];
  /** The component a discriminated value maps to (e.g. Event + type "follow" → FollowEvent). */
  subtype(baseName: string, value: unknown): string | undefined;
  /** Whether a value fits an inline schema taken from the spec (e.g. a header parameter's). */
  matches(schema: Record<string, unknown>, value: unknown): boolean;
}

/** Loads one of the files (e.g. 'webhook.yml') as a whole-document schema, so its own $refs resolve. */
export function lineSpec(file: string): LineSpec {
  const path = resolve(LINE_CONTRACTS, file);
  if (!existsSync(path)) throw new Error(`LINE's OpenAPI definition is missing: ${path}`);
  const spec = parse(readFileSync(path, 'utf8')) as LineSpec['spec'];
  // OpenAPI 3.0 keywords JSON Schema does not know (discriminator, example, externalDocs) are ignored.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64']) ajv.addFormat(f, { type: 'number', validate: Number.isInteger });
  ajv.addSchema(spec, file);
  return {
    spec,
    validate(schemaName, value) {
      const check = ajv.getSchema(`${file}#/components/schemas/${schemaName}`);
      if (!check) throw new Error(`no schema ${schemaName} in ${file}`);
      return check(value)
        ? []
        : (check.errors ?? []).map((e) => `${schemaName}${e.instancePath} ${e.message}`);
    },
    matches(schema, value) {
      return ajv.validate(schema, value);
    },
    subtype(baseName, value) {
      const discriminator = spec.components.schemas[baseName]?.discriminator;
      const tag = (value as Record<string, unknown>)[discriminator?.propertyName ?? 'type'];
      return discriminator?.mapping[String(tag)]?.split('/').pop();
    },
  };
}

/** Errors of a push request body: PushMessageRequest, then each message as Message and as the schema its type maps to. */
export function pushBodyErrors(line: LineSpec, body: unknown): string[] {
  const errors = line.validate('PushMessageRequest', body);
  const messages = (body as { messages?: unknown }).messages;
  for (const m of Array.isArray(messages) ? messages : []) {
    const target = line.subtype('Message', m);
    if (!target) errors.push(`no message schema for type ${String((m as { type?: unknown }).type)}`);
    else errors.push(...line.validate('Message', m), ...line.validate(target, m));
  }
  return errors;
}
