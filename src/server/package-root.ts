import fs from 'node:fs';
import path from 'node:path';

/** The folder holding gridlink's package.json, whether running from src/ (tsx) or from dist/. */
export const packageRoot = (() => {
  let directory = import.meta.dirname;
  while (!fs.existsSync(path.join(directory, 'package.json'))) directory = path.dirname(directory);
  return directory;
})();
