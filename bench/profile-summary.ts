/**
 * Summarises a `node --cpu-prof` profile by area and by function (self time), for docs/performance.md:
 * `node --import tsx bench/profile-summary.ts <file.cpuprofile> [records]`. Only samples while `syncStream` ran count,
 * when it ran at all (module loading and database setup left out).
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, recordsArg] = process.argv.slice(2) as [string, string | undefined];
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const AREAS: [string, RegExp][] = [
  ['phone normalisation (libphonenumber)', /libphonenumber/],
  ['CSV parsing (csv-parse)', /csv-parse/],
  ['validation + normalisation', /core\/(validate-record|normalise-|placeholder)/],
  ['hashing', /raw-hash|content-hash|crypto\/hash/],
  ['COPY encoding', /copy-text/],
  ['classify / diff', /classify-batch|diff-records/],
  ['pg driver / kysely', /node_modules\/(pg|pg-protocol|pg-copy-streams|kysely)\//],
  ['pipeline glue', /src\/pipeline\//],
  ['node internals (streams, crypto, fs)', /^node:/],
];
const areaOf = (n: Node): string => {
  const { functionName: f, url } = n.callFrame;
  if (f === '(idle)') return 'idle (waiting on the database)';
  if (f === '(garbage collector)') return 'GC';
  if (f === '(program)') return 'V8/native other';
  for (const [name, re] of AREAS) if (re.test(url)) return name;
  return url ? 'other JS' : 'native';
};
const inSync = (id: number): boolean => {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    if (/syncOneStream|syncStream/.test(byId.get(cur)!.callFrame.functionName)) return true;
  }
  return false;
};
// The window: from the first to the last sample taken inside syncStream.
const times: number[] = [];
let t = 0;
for (const d of p.timeDeltas) times.push((t += d));
const syncIdx = p.samples.map((s, i) => (inSync(s) ? i : -1)).filter((i) => i >= 0);
const [from, to] = syncIdx.length ? [syncIdx[0]!, syncIdx[syncIdx.length - 1]!] : [0, p.samples.length - 1];
const areas = new Map<string, number>();
const fns = new Map<string, number>();
let total = 0;
for (let i = from; i <= to; i++) {
  const n = byId.get(p.samples[i]!)!;
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
  total += dt;
  areas.set(areaOf(n), (areas.get(areaOf(n)) ?? 0) + dt);
  const short = n.callFrame.url.split('/').slice(-2).join('/');
  const fn = `${n.callFrame.functionName || '(anon)'} ${short}:${n.callFrame.lineNumber}`;
  fns.set(fn, (fns.get(fn) ?? 0) + dt);
}
const records = Number(recordsArg ?? 0);
const row = (k: string, ms: number) =>
  `| ${k} | ${Math.round(ms)} | ${((ms / total) * 100).toFixed(1)} % |${records ? ` ${((ms * 1000) / records).toFixed(1)} |` : ''}`;
console.log(`| where | ms | share |${records ? ' µs per record |' : ''}\n|---|---:|---:|${records ? '---:|' : ''}`);
for (const [k, ms] of [...areas].sort((a, b) => b[1] - a[1])) console.log(row(k, ms));
console.log(row('**total**', total));
console.log(`\n| function | ms | share |\n|---|---:|---:|`);
for (const [k, ms] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| \`${k}\` | ${Math.round(ms)} | ${((ms / total) * 100).toFixed(1)} % |`);
