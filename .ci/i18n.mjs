// The theme's interface strings, read from themes/default/i18n/<lang>.yaml (or $I18N_DIR), so
// that the checks expect what the locale says rather than a copy of it. Only top-level scalar
// keys are read (plain, "double" or 'single' quoted); a key asked for that is missing, or that
// is written in another YAML form, is an error.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const I18N_DIR = process.env.I18N_DIR || join(here, '..', 'themes', 'default', 'i18n');

export function scalars(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9_]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m || !m[2]) continue;
    let v = m[2];
    if (v.startsWith('"')) { try { v = JSON.parse(v); } catch { continue; } }
    else if (v.startsWith("'")) { if (!/^'(?:[^']|'')*'$/.test(v)) continue; v = v.slice(1, -1).replace(/''/g, "'"); }
    else if (/^[|>&*!%@`{[]/.test(v)) continue;
    else v = v.replace(/[ \t]+#.*$/, '');
    out[m[1]] = v;
  }
  return out;
}

export function labels(lang, keys) {
  const file = join(I18N_DIR, `${lang}.yaml`);
  const all = scalars(readFileSync(file, 'utf8'));
  const out = {};
  for (const key of keys) {
    if (typeof all[key] !== 'string' || !all[key]) throw new Error(`${file}: no plain text for ${key}`);
    out[key] = all[key];
  }
  return out;
}
