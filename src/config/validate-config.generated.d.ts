// Types for the standalone validator that scripts/generate-validator.mjs compiles from config/schema.json.
import type { SchemaError } from "./schema-issues.ts";

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}
export declare const validate: ValidateFunction;
export default validate;
