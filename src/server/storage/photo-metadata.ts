/**
 * Photos without what a camera writes about where and by whom they were taken (EXIF with its GPS position, XMP,
 * IPTC, comments, text chunks), for showing to the public; the picture itself is left byte for byte. Undefined when
 * the file is not a well-formed JPEG, PNG or WebP, so nothing half-read is ever published.
 */
export function withoutMetadata(content: Buffer, contentType: string): Buffer | undefined {
  try {
    if (contentType === 'image/jpeg') return jpegWithoutMetadata(content);
    if (contentType === 'image/png') return pngWithoutMetadata(content);
    if (contentType === 'image/webp') return webpWithoutMetadata(content);
    return undefined;
  } catch {
    return undefined;
  }
}

/** JPEG segments kept: JFIF (APP0), the colour profile (APP2) and Adobe's colour transform (APP14). */
const keptJpegApplicationMarkers = new Set([0xe0, 0xe2, 0xee]);

function jpegWithoutMetadata(content: Buffer): Buffer | undefined {
  const kept: Buffer[] = [content.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= content.length) {
    if (content[offset] !== 0xff) return undefined;
    const marker = content[offset + 1]!;
    const length = content.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > content.length) return undefined;
    // From the start of the scan on, the rest is the picture.
    if (marker === 0xda) return Buffer.concat([...kept, content.subarray(offset)]);
    const isMetadata = (marker >= 0xe0 && marker <= 0xef && !keptJpegApplicationMarkers.has(marker)) || marker === 0xfe;
    if (!isMetadata) kept.push(content.subarray(offset, end));
    offset = end;
  }
  return undefined;
}

/** PNG chunks that only describe: EXIF, text and the time of the last change. */
const pngMetadataChunks = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function pngWithoutMetadata(content: Buffer): Buffer | undefined {
  const kept: Buffer[] = [content.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= content.length) {
    const length = content.readUInt32BE(offset);
    const type = content.subarray(offset + 4, offset + 8).toString('latin1');
    const end = offset + 12 + length;
    if (end > content.length) return undefined;
    if (!pngMetadataChunks.has(type)) kept.push(content.subarray(offset, end));
    offset = end;
    if (type === 'IEND') return Buffer.concat(kept);
  }
  return undefined;
}

/** WebP: its EXIF and XMP chunks go, and the extended header stops announcing them. */
function webpWithoutMetadata(content: Buffer): Buffer | undefined {
  const kept: Buffer[] = [];
  let offset = 12;
  while (offset + 8 <= content.length) {
    const type = content.subarray(offset, offset + 4).toString('latin1');
    const size = content.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (offset + 8 + size > content.length) return undefined;
    const chunk = Buffer.from(content.subarray(offset, Math.min(end, content.length)));
    if (type === 'VP8X') chunk[8] = chunk[8]! & ~0x0c;
    if (type !== 'EXIF' && type !== 'XMP ') kept.push(chunk);
    offset = end;
  }
  const body = Buffer.concat(kept);
  const header = Buffer.from(content.subarray(0, 12));
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}
