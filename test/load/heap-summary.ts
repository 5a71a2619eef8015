/**
 * tsx test/load/heap-summary.ts <a.heapsnapshot> [<b.heapsnapshot>] [--per N] [--top N]
 *
 * Self size of a V8 heap snapshot (from `npm run bench:load -- --heap-snapshot`) by kind of object
 * (constructor, closure name, string, array…). With two snapshots (the baseline's and ours, say) it
 * prints both side by side and the difference; `--per N` divides every figure by N (the players).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: (string[] | string)[] } };
  nodes: number[];
  strings: string[];
}

const { values, positionals } = parseArgs({
  options: { per: { type: 'string', default: '1' }, top: { type: 'string', default: '30' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error('usage: tsx test/load/heap-summary.ts <a.heapsnapshot> [<b.heapsnapshot>] [--per N] [--top N]');
  process.exit(2);
}
const per = Number(values.per) || 1;
const top = Number(values.top) || 30;

/** Self bytes and count by `type:name` (names of plain objects are their constructors). */
function summarize(file: string): Map<string, { bytes: number; count: number }> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0] as string[];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt]!] ?? '?';
    let name = data.strings[data.nodes[i + nameAt]!] ?? '?';
    // Strings and numbers are grouped by type; their values would make every entry unique.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number' || type === 'heap number') name = '';
    if (name.length > 60) name = `${name.slice(0, 57)}…`;
    const key = `${type}:${name}`;
    const entry = out.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += data.nodes[i + sizeAt]!;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

const [a, b] = positionals.map(summarize);
const total = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((n, e) => n + e.bytes, 0);
const kb = (bytes: number) => (bytes / per / 1024).toFixed(2).padStart(9);
if (!b) {
  console.log(`total ${kb(total(a!))} KB${per > 1 ? ` per ${per}` : ''}`);
  for (const [key, e] of [...a!].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, top)) {
    console.log(`${kb(e.bytes)} KB  ${(e.count / per).toFixed(1).padStart(8)}×  ${key}`);
  }
} else {
  console.log(`${'A (KB)'.padStart(9)} ${'B (KB)'.padStart(9)} ${'B − A'.padStart(9)}  ${'count B−A'.padStart(9)}  kind${per > 1 ? ` (per ${per})` : ''}`);
  console.log(`${kb(total(a!))} ${kb(total(b))} ${kb(total(b) - total(a!))}             total`);
  const keys = new Set([...a!.keys(), ...b.keys()]);
  const rows = [...keys].map((k) => ({ k, a: a!.get(k) ?? { bytes: 0, count: 0 }, b: b.get(k) ?? { bytes: 0, count: 0 } }));
  for (const r of rows.sort((x, y) => Math.abs(y.b.bytes - y.a.bytes) - Math.abs(x.b.bytes - x.a.bytes)).slice(0, top)) {
    console.log(`${kb(r.a.bytes)} ${kb(r.b.bytes)} ${kb(r.b.bytes - r.a.bytes)}  ${((r.b.count - r.a.count) / per).toFixed(1).padStart(9)}  ${r.k}`);
  }
}
