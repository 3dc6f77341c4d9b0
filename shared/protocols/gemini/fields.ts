import type { JsonObject } from '../json-shape.js';

/** Gemini's JSON accepts both lowerCamelCase and snake_case field names (proto3 JSON mapping). */
export function field(obj: JsonObject, camel: string): unknown {
  if (obj[camel] !== undefined) return obj[camel];
  return obj[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}
