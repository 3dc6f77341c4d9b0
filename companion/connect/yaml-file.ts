import { isMap, parseDocument, type Document } from 'yaml';

/** A YAML settings file as a document whose edits keep its comments; refuses a file that is not a map of settings rather than lose it. */
export function yamlSettings(text: string, what: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${what} is not valid YAML (${doc.errors[0]!.message}); fix it and run again.`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error(`${what} does not hold a map of settings.`);
  return doc;
}
