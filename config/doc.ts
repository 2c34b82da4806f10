import { environmentSchema } from './schema';

/** The README's table of environment variables, generated from the schema (`npm run config:doc`). */
export function variablesTable(): string {
  const rows = Object.entries(environmentSchema.properties).map(([name, spec]) => {
    const s = spec as { default?: unknown; description?: string };
    const fallback = s.default === undefined ? '' : `\`${String(s.default)}\``;
    return `| \`${name}\` | ${fallback} | ${s.description ?? ''} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(variablesTable());
