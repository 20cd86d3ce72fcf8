/** Text for a LIKE pattern, matching itself only: % and _ typed in a search box are not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
