import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '../../errors.js';

/**
 * Addresses a group robot may not be posted to: this machine, its networks and the cloud's metadata service, so a
 * county's settings cannot make the server probe its own side of the firewall. IPv4-mapped IPv6 addresses
 * (::ffff:127.0.0.1) match the IPv4 rules (Node's BlockList checks both).
 */
const internalAddresses = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", including 0.0.0.0, which reaches this machine
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, with the metadata service at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with the broadcast address
] as const) {
  internalAddresses.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  internalAddresses.addSubnet(network, prefix, 'ipv6');
}

/** True for an address (IPv4 or IPv6, without brackets) inside this machine or a private network. */
export function isInternalAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return internalAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function refusal(url: string, reason: string) {
  return new AppError(
    'webhook_url_not_allowed',
    {
      en: `The webhook address ${url} ${reason}: use a public address (WEBHOOK_ALLOW_PRIVATE=true allows private ones).`,
      zh: `推送地址 ${url} 不可用（${reason}）：请填写公网地址（WEBHOOK_ALLOW_PRIVATE=true 时允许内网地址）。`,
    },
    { field: 'webhooks', url },
  );
}

/** The host of a URL as an address or a name: URL already turns 2130706433 or 0x7f.1 into 127.0.0.1. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Names that mean this machine whatever DNS says (RFC 6761). */
function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * Refuses (400 webhook_url_not_allowed) a robot URL whose host is, or whose name now resolves to, an internal
 * address. A name that does not resolve now passes: it is checked again, address by address, when a message is sent.
 */
export async function assertWebhookUrlAllowed(url: string, isPrivateAllowed: boolean): Promise<void> {
  if (isPrivateAllowed) return;
  const host = hostOf(new URL(url));
  if (isLocalName(host)) throw refusal(url, 'names this machine');
  if (net.isIP(host) !== 0) {
    if (isInternalAddress(host)) throw refusal(url, 'points into this machine or a private network');
    return;
  }
  const addresses = await dns.promises.lookup(host, { all: true }).catch(() => []);
  const internal = addresses.find((resolved) => isInternalAddress(resolved.address));
  if (internal) throw refusal(url, `resolves to ${internal.address}, inside this machine or a private network`);
}

/**
 * A `lookup` for http.request that refuses a name resolving to any internal address and otherwise hands the
 * connection exactly the addresses it checked, so DNS cannot answer differently between the check and the connect.
 */
export function checkedLookup(isPrivateAllowed: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    const fail = (error: NodeJS.ErrnoException) => callback(error, '', 0);
    if (!isPrivateAllowed && isLocalName(hostname)) {
      fail(Object.assign(new Error(`${hostname} names this machine`), { code: 'EWEBHOOKADDRESS' }));
      return;
    }
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return fail(error);
      const internal = isPrivateAllowed ? undefined : addresses.find((resolved) => isInternalAddress(resolved.address));
      if (internal) {
        return fail(
          Object.assign(new Error(`${hostname} resolves to ${internal.address}, an internal address`), {
            code: 'EWEBHOOKADDRESS',
          }),
        );
      }
      if ((options as { all?: boolean }).all) {
        (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, addresses);
        return;
      }
      const [first] = addresses;
      if (!first) return fail(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
      callback(null, first.address, first.family);
    });
  };
}
