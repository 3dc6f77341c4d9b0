import { invalidRequest } from './errors.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw invalidRequest(`${what} must be a JSON object.`);
  return value;
}

export function requireArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw invalidRequest(`${what} must be an array.`);
  return value;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalidRequest(`${what} must be a non-empty string.`);
  return value;
}

export function optionalNumber(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`${what} must be a number.`);
  return value;
}

export function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`${what} must be a boolean.`);
  return value;
}

export function stopList(value: unknown, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value as string[];
  throw invalidRequest(`${what} must be a string or an array of strings.`);
}

/** Parses tool-call arguments leniently: a model may stream invalid JSON, which stays a string. */
export function parseArguments(json: string): unknown {
  try {
    return JSON.parse(json === '' ? '{}' : json);
  } catch {
    return json;
  }
}

export function numberOr(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
