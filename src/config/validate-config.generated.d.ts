// Types for the standalone validator that scripts/generate-validator.mjs compiles from config/schema.json.
import type { SchemaError } from "./schema-issues.ts";

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}
/** Builds the validator: its schema objects and RegExps exist only once this is called. */
export declare function createValidator(): ValidateFunction;
