/**
 * A model name without its snapshot date or `-latest` alias: the answers of `gpt-4o` and
 * `gpt-4o-2024-08-06` are interchangeable for the semantic tier.
 */
export function modelFamily(model: string): string {
  return model
    .toLowerCase()
    .replace(/^models\//, '')
    .replace(/(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest|-\d{3,4})$/, '');
}
