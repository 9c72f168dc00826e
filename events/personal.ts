import * as z from "zod";
import { ERASED } from "../domain/client/personal-data.ts";

/**
 * Personal data is declared here, on the event catalogue's schemas: a field wrapped in `personal` is
 * sealed under the client's own key before it reaches the store and reads back as ERASED once that key
 * is destroyed. Everything else in an event is training history and stays readable.
 */
const personalValues = z.registry<{ description: string }>();

export function personal<Schema extends z.ZodType>(schema: Schema, description: string) {
  const value = z.union([schema, z.literal(ERASED)]);
  personalValues.add(value, { description });
  return value;
}

/** The personal fields of an object schema (optional ones included) and what each holds. */
export function personalFieldsOf(schema: z.ZodObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(schema.shape).flatMap(([field, fieldSchema]) => {
      const inner = (fieldSchema instanceof z.ZodOptional ? fieldSchema.unwrap() : fieldSchema) as z.ZodType;
      const meta = personalValues.get(inner);
      return meta ? [[field, meta.description]] : [];
    }),
  );
}
