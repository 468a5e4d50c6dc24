import { z, ZodDefault } from 'zod';

// A method of the API: its input and output schemas, declared once and used by every transport.
export interface MethodDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  /** The method may be the first to write to a new data folder (it creates something from nothing). */
  startsDataFolder?: true;
  input: I;
  output: O;
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType>(
  definition: MethodDefinition<I, O>,
): MethodDefinition<I, O> {
  return definition;
}

/**
 * For "save any fields" inputs: every field optional, and a field left out stays out. (zod's own
 * `.partial()` would fill a left-out field with its default, and so overwrite the stored value.)
 */
export function updatesOf<S extends z.core.$ZodShape>(schema: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const inner = field instanceof ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = inner.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K]> }>;
}
