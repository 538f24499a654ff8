/**
 * The ids of an `IN (?, …)` list, padded (with the last id) to a power of two, or to `maxIds`:
 * a dozen statement texts then serve every list length, so each connection prepares a dozen
 * statements rather than one per length (which would fill MySQL's `max_prepared_stmt_count`).
 * `textFor(size)` builds the statement text for a list of `size` values; it is called once per
 * size and cached in `cache`.
 */
export function paddedIdList(
  ids: string[],
  maxIds: number,
  cache: Map<number, string>,
  textFor: (values: string[]) => string,
): { readonly text: string; readonly values: string[] } {
  const size = Math.min(2 ** Math.ceil(Math.log2(ids.length)), maxIds);
  const padding = ids[ids.length - 1];
  const values =
    padding === undefined || ids.length === size
      ? ids
      : ids.concat(Array<string>(size - ids.length).fill(padding));
  let text = cache.get(size);
  if (text === undefined) {
    text = textFor(values);
    cache.set(size, text);
  }
  return { text, values };
}
