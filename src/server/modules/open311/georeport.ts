/**
 * GeoReport v2's two wire formats. A document is a tree of plain values and lists; `List` names the element each
 * item of a list takes in XML (`<services><service>…`), which JSON drops (`[{…}]`).
 */
export type GeoReportFormat = 'xml' | 'json';

export type GeoReportValue = string | number | boolean | null | undefined | List | { [name: string]: GeoReportValue };

export class List {
  constructor(
    readonly itemName: string,
    readonly items: readonly GeoReportValue[],
  ) {}
}

/** A resource name with its extension (`requests.xml`), or undefined when the extension is neither xml nor json. */
export function splitFormat(file: string): { name: string; format: GeoReportFormat } | undefined {
  const match = /^(.*)\.(xml|json)$/i.exec(file);
  if (!match) return undefined;
  return { name: match[1]!, format: match[2]!.toLowerCase() as GeoReportFormat };
}

function toJson(value: GeoReportValue): unknown {
  if (value instanceof List) return value.items.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toJson(child)]));
  }
  return value ?? null;
}

/** XML 1.0 has no place for most control characters or lone surrogates, even escaped: they are dropped. */
function isXmlCharacter(character: string): boolean {
  const code = character.codePointAt(0)!;
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

function escapeXml(text: string): string {
  return Array.from(text)
    .filter(isXmlCharacter)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function toXml(name: string, value: GeoReportValue): string {
  if (value instanceof List)
    return `<${name}>${value.items.map((item) => toXml(value.itemName, item)).join('')}</${name}>`;
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([child, content]) => toXml(child, content))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document in a format: XML under its root element, JSON as the value itself. */
export function serialize(format: GeoReportFormat, root: string, value: GeoReportValue): string {
  if (format === 'json') return JSON.stringify(toJson(value));
  return `<?xml version="1.0" encoding="utf-8"?>\n${toXml(root, value)}`;
}

export const contentTypes: Record<GeoReportFormat, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** GeoReport's error document: `<errors><error><code>404</code><description>…</description></error></errors>`. */
export function errorDocument(format: GeoReportFormat, code: number, description: string): string {
  return serialize(format, 'errors', new List('error', [{ code, description }]));
}
