import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { CONTENDERS, median, pairedRatio, type ContenderId } from './harness.js';

/** How a row's figures are shown. */
export type Unit = 'µs' | 'msg/s' | 'ms' | 'MB' | 'ns' | 'count';

/** One cell: the samples of a contender (median shown), or a text when there is no figure. */
export type Cell = { samples: number[] } | { text: string };

export interface Target {
  /** The target as written in the issue, e.g. `≤ 1.1× raw`. */
  text: string;
  /** Met, missed, or null when this run cannot tell (e.g. a measurement failed). */
  met: boolean | null;
}

export interface Row {
  scenario: string;
  metric: string;
  unit: Unit;
  cells: Partial<Record<ContenderId, Cell>>;
  target?: Target;
  /** Footnote markers, e.g. `¹`. */
  note?: string;
  /** Whether ratios between contenders mean something here (not for counts). Default true. */
  ratios?: boolean;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  os: string;
  sdk: string;
  /** The 1-minute load average when the run started: above ~0.5 on 2 cores, others shared the CPU. */
  loadAverage: number;
  /** Linux `kernel.sched_autogroup_enabled` (null elsewhere): see the session diagnostics. */
  autogroup: boolean | null;
}

export function machineInfo(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match !== null) cpu = match[1].trim();
  } catch {
    // not Linux: os.cpus() is fine
  }
  let sdk = 'unknown';
  try {
    // The package's exports map hides its package.json; find it above an entry point.
    let directory = path.dirname(require.resolve('@modelcontextprotocol/sdk/client/stdio.js'));
    while (path.basename(directory) !== 'sdk' && path.dirname(directory) !== directory) {
      directory = path.dirname(directory);
    }
    const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
      version?: string;
    };
    sdk = manifest.version ?? sdk;
  } catch {
    // unknown
  }
  return {
    cpu,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
    sdk,
    loadAverage: loadavg()[0],
    autogroup: readAutogroup(),
  };
}

function readAutogroup(): boolean | null {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'latin1').trim() === '1';
  } catch {
    return null;
  }
}

export function samplesOf(cell: Cell | undefined): number[] {
  return cell !== undefined && 'samples' in cell ? cell.samples : [];
}

export function medianOf(cell: Cell | undefined): number {
  return median(samplesOf(cell).filter(Number.isFinite));
}

/** `a / b`, pair by pair when both have the same number of samples, else median over median. */
export function ratio(row: Row, a: ContenderId, b: ContenderId): number {
  const x = samplesOf(row.cells[a]);
  const y = samplesOf(row.cells[b]);
  if (x.length === 0 || y.length === 0) return Number.NaN;
  if (x.length === y.length) return pairedRatio(x, y);
  return medianOf(row.cells[a]) / medianOf(row.cells[b]);
}

export function formatNumber(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'msg/s':
      return Math.round(value).toLocaleString('en-US');
    case 'count':
      return String(Math.round(value));
    case 'ns':
      return value.toFixed(0);
    case 'µs':
    case 'MB':
      return value.toFixed(1);
    case 'ms':
      return value >= 100 ? value.toFixed(0) : value.toFixed(1);
  }
}

function formatCell(cell: Cell | undefined, unit: Unit): string {
  if (cell === undefined) return '—';
  if ('text' in cell) return cell.text;
  const finite = cell.samples.filter(Number.isFinite);
  if (finite.length === 0) return 'failed';
  const shown = formatNumber(median(finite), unit);
  return finite.length < cell.samples.length
    ? `${shown} (${cell.samples.length - finite.length} failed)`
    : shown;
}

function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

function verdict(target: Target | undefined): string {
  if (target === undefined) return '';
  const mark = target.met === null ? '?' : target.met ? 'met' : '**missed**';
  return `${target.text}: ${mark}`;
}

/** The Markdown table: medians, ratios pair by pair, and each target met or missed. */
export function markdownTable(rows: readonly Row[]): string {
  const header = [
    'Scenario',
    'Metric',
    'raw',
    'SDK',
    'rxjs-mcp-stdio',
    'ours / raw',
    'ours / SDK',
    'SDK / raw',
    'Target',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i >= 2 && i <= 7 ? '---:' : '---')).join('|')}|`,
  ];
  for (const row of rows) {
    const cells = [
      row.scenario + (row.note ?? ''),
      `${row.metric}`,
      ...CONTENDERS.map((contender) => formatCell(row.cells[contender], row.unit)),
      ...(row.ratios === false
        ? ['', '', '']
        : [
            formatRatio(ratio(row, 'ours', 'raw')),
            formatRatio(ratio(row, 'ours', 'sdk')),
            formatRatio(ratio(row, 'sdk', 'raw')),
          ]),
      verdict(row.target),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** A diagnostic comparison of one contender in two set-ups, measured in interleaved pairs. */
export interface DiagnosticRow {
  contender: string;
  metric: string;
  unit: Unit;
  /** Samples without, then with, the factor under study; same rounds, pair by pair. */
  without: number[];
  with: number[];
}

/** The diagnostics table: each factor's figures and its cost as a ratio, pair by pair. */
export function diagnosticTable(title: [string, string], rows: readonly DiagnosticRow[]): string {
  const header = ['Contender', 'Metric', title[0], title[1], `${title[1]} / ${title[0]}`];
  const lines = [`| ${header.join(' | ')} |`, '|---|---|---:|---:|---:|'];
  for (const row of rows) {
    const a = row.without.filter(Number.isFinite);
    const b = row.with.filter(Number.isFinite);
    lines.push(
      `| ${row.contender} | ${row.metric} | ${formatNumber(median(a), row.unit)} | ${formatNumber(median(b), row.unit)} | ${formatRatio(pairedRatio(row.with, row.without))} |`,
    );
  }
  return lines.join('\n');
}
