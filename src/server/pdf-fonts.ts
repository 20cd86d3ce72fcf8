import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Whole Noto Sans SC TTF files (10 MB each), read once: pdfkit embeds only the characters a document prints.
const fontFiles = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** The Chinese fonts a printable PDF registers as `regular` and `bold`. */
export function loadChineseFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= { regular: fs.readFileSync(fontFiles.regular), bold: fs.readFileSync(fontFiles.bold) };
  return fonts;
}
