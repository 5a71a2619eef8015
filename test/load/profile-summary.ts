/**
 * tsx test/load/profile-summary.ts <file.cpuprofile> [--top N] [--filter TEXT] [--stretches N]
 *
 * Summarises a V8 CPU profile (from `npm run bench:load -- --cpu-prof`): self time by function,
 * and inclusive time of the functions whose location matches `--filter` (default: the project's
 * own code), so "what in the server costs" can be read without a browser. `--stretches N` lists
 * the N longest runs of busy samples (the event loop never idle between them: a synchronous
 * stretch, or turns back to back) with what they spent their time in.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' }, filter: { type: 'string', default: '/work/' }, stretches: { type: 'string', default: '0' } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file) {
  console.error('usage: tsx test/load/profile-summary.ts <file.cpuprofile> [--top N] [--filter TEXT]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);
const filter = values.filter ?? '';

// Time per node from the samples (each sample's delta is attributed to the sampled node).
const selfUs = new Map<number, number>();
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^\/work\/main\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((a, n) => a + (selfUs.get(n.id) ?? 0), 0);
const busy = total - idle;
const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;

const selfByLabel = new Map<string, number>();
for (const n of profile.nodes) {
  if (n.callFrame.functionName === '(idle)') continue;
  const l = label(n);
  selfByLabel.set(l, (selfByLabel.get(l) ?? 0) + (selfUs.get(n.id) ?? 0));
}
console.log(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled, busy ${(busy / 1e6).toFixed(2)} s (idle ${(idle / 1e6).toFixed(2)} s)`);
console.log(`\nself time (share of busy time), top ${top}:`);
for (const [l, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${l}`);

// Inclusive time per matching function: a sample counts once per distinct matching label on its stack.
const inclusive = new Map<string, number>();
for (const n of profile.nodes) {
  const us = selfUs.get(n.id) ?? 0;
  if (us === 0 || n.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const node = byId.get(id)!;
    if (!node.callFrame.url.includes(filter) || node.callFrame.url.includes('node_modules')) continue;
    const l = label(node);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + us);
  }
}
console.log(`\ninclusive time of functions in ${filter} (outside node_modules), top ${top}:`);
for (const [l, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${l}`);

// The longest runs of samples with no idle sample among them.
const stretchCount = Number(values.stretches);
if (stretchCount > 0) {
  const isIdle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const runs: { from: number; to: number; us: number }[] = [];
  let from = -1;
  let us = 0;
  for (let i = 0; i <= samples.length; i++) {
    if (i < samples.length && !isIdle.has(samples[i]!)) {
      if (from < 0) from = i;
      us += deltas[i] ?? 0;
    } else if (from >= 0) {
      runs.push({ from, to: i, us });
      from = -1;
      us = 0;
    }
  }
  const at = (i: number) => deltas.slice(0, i).reduce((a, b) => a + b, 0);
  console.log(`
longest busy stretches (of ${runs.length}; ${runs.filter((r) => r.us > 20_000).length} over 20 ms):`);
  for (const run of runs.sort((a, b) => b.us - a.us).slice(0, stretchCount)) {
    const within = new Map<string, number>();
    for (let i = run.from; i < run.to; i++) {
      const seen = new Set<string>();
      for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
        const node = byId.get(id)!;
        if (!node.callFrame.url.includes(filter) || node.callFrame.url.includes('node_modules')) continue;
        const l = label(node);
        if (seen.has(l)) continue;
        seen.add(l);
        within.set(l, (within.get(l) ?? 0) + (deltas[i] ?? 0));
      }
    }
    const parts = [...within].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([l, t]) => `${l.replace(/ \S+:(\d+)$/, ':$1')} ${(t / 1000).toFixed(0)}`);
    console.log(`  ${(run.us / 1000).toFixed(1).padStart(7)} ms at ${(at(run.from) / 1e6).toFixed(2)} s: ${parts.join(', ')}`);
  }
}
