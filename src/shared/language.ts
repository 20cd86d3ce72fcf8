/**
 * A sentence for a person in both of the console's languages. The server's error answers carry the one their
 * request prefers (`Accept-Language`); the text is fixed in code and never stored.
 */
export type LocalizedText = { zh: string; en: string };

export type Language = keyof LocalizedText;
