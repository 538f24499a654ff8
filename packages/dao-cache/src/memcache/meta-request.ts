/**
 * Encoders of the meta-protocol requests this package sends. Keys come from `CacheKeyScheme`:
 * printable ASCII without spaces, at most 250 bytes, so a key is one byte per character and
 * can never end a line or start another command. Flags are built by this package, never from
 * input. Each request is one buffer, allocated once.
 */

/**
 * `<command> <key> <flags>`, a request that carries no value: `mg` reads `key` (`flags` such as
 * `v c N30 R3`), `md` removes it and any lease stub under it (`flags` empty).
 */
export function metaKeyRequest(command: 'mg' | 'md', key: string, flags: string): Buffer {
  return Buffer.from(
    flags === '' ? `${command} ${key}\r\n` : `${command} ${key} ${flags}\r\n`,
    'latin1',
  );
}

/**
 * `ms <key> <bytes> <flags>` followed by `value` (UTF-8, `valueBytes` long): store `value`;
 * `flags` such as `T301`, `ME c T3`, `C<cas> T301`.
 */
export function metaSetRequest(
  key: string,
  flags: string,
  value: string,
  valueBytes: number,
): Buffer {
  const header = `ms ${key} ${valueBytes} ${flags}\r\n`;
  const request = Buffer.allocUnsafe(header.length + valueBytes + 2);
  request.write(header, 0, 'latin1');
  const written = request.write(value, header.length, 'utf8');
  if (written !== valueBytes) throw new RangeError('valueBytes is not the UTF-8 length of value');
  request[header.length + valueBytes] = 0x0d;
  request[header.length + valueBytes + 1] = 0x0a;
  return request;
}

/**
 * One buffer holding `mg <key> <flags> O<i>` for the i-th key, then `mn`: the server answers
 * the requests in order (only the hits when `flags` has `q`), each carrying its index, then `MN`,
 * so one write and one wait serve any number of keys.
 */
export function metaGetBatchRequest(keys: readonly string[], flags: string): Buffer {
  let text = '';
  for (let i = 0; i < keys.length; i++) text += `mg ${keys[i]} ${flags} O${i}\r\n`;
  return Buffer.from(`${text}mn\r\n`, 'latin1');
}
