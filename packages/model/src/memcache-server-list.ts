import { ValidationError } from './errors';

/** Where one memcached server listens. */
export interface MemcacheServerAddress {
  readonly host: string;
  readonly port: number;
  /** `host:port` (`[v6]:port` for an IPv6 address): the server's identity on the ring. */
  readonly name: string;
}

/** The port memcached listens on unless told otherwise. */
export const DEFAULT_MEMCACHE_PORT = 11211;

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const PORT = /^\d{1,5}$/;
const FORMAT = 'must be "host:port[,host:port...]"';

/**
 * Parses `host:port[,host:port...]` (spaces around an entry are ignored; a missing port is
 * 11211; an IPv6 address is written `[addr]:port`). Throws `ValidationError('servers')` for an
 * empty list or entry, a host that is not a hostname or IP address, a port outside 1–65535, the
 * same server twice (it would sit on the ring twice), or credentials: SASL (`user:pass@`) needs
 * memcached's binary protocol and this client speaks the text one. Messages never repeat an
 * entry, which could hold a password. `field` names the setting in errors (an option or an
 * environment variable).
 */
export function parseMemcacheServers(servers: unknown, field = 'servers'): MemcacheServerAddress[] {
  if (typeof servers !== 'string' || servers.trim() === '') {
    throw new ValidationError(field, FORMAT);
  }
  const addresses: MemcacheServerAddress[] = [];
  const names = new Set<string>();
  for (const [index, raw] of servers.split(',').entries()) {
    const address = parseServer(raw.trim(), index + 1, field);
    const identity = address.name.toLowerCase();
    if (names.has(identity)) {
      throw new ValidationError(field, `entry ${index + 1} repeats an earlier server`);
    }
    names.add(identity);
    addresses.push(address);
  }
  return addresses;
}

function parseServer(entry: string, position: number, field: string): MemcacheServerAddress {
  const invalid = (why: string) => new ValidationError(field, `entry ${position} ${why}`);
  if (entry === '') throw invalid(`is empty; the list ${FORMAT}`);
  if (entry.includes('@')) {
    throw invalid(
      "has credentials (user:pass@): SASL needs memcached's binary protocol, and this client speaks the meta protocol",
    );
  }
  let host: string;
  let portText: string | undefined;
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    host = entry.slice(1, close < 0 ? undefined : close);
    const rest = close < 0 ? '' : entry.slice(close + 1);
    if (close < 0 || !IPV6.test(host) || (rest !== '' && !rest.startsWith(':'))) {
      throw invalid(`is not a valid [IPv6]:port; the list ${FORMAT}`);
    }
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = entry.lastIndexOf(':');
    host = colon < 0 ? entry : entry.slice(0, colon);
    portText = colon < 0 ? undefined : entry.slice(colon + 1);
    if (!HOSTNAME.test(host)) throw invalid(`has an invalid host; the list ${FORMAT}`);
  }
  const port = portText === undefined ? DEFAULT_MEMCACHE_PORT : Number(portText);
  if (portText !== undefined && (!PORT.test(portText) || port < 1 || port > 65535)) {
    throw invalid('has a port outside 1-65535');
  }
  const name = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, name };
}
