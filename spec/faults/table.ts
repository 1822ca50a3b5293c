/** The Markdown table of the fault report (see report.ts). */
import type { FaultResult } from './probe.js';

/** One table cell: pipes and newlines would break the Markdown row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function processesCell(result: FaultResult): string {
  const within = String(result.processesLeft.length);
  if (result.outOfReach.length === 0) return within;
  return `${within} (+${result.outOfReach.length} setsid daemon, out of reach by design; killed by the suite)`;
}

function teardownCell(result: FaultResult): string {
  if (result.teardownMs === null) return '—';
  if (result.boundMs === null) return `${result.teardownMs} / —`;
  return `${result.teardownMs} / ${result.boundMs}`;
}

/** The Markdown table of the results. */
export function table(results: readonly FaultResult[]): string {
  const rows = [
    '| fault | what the transport did | processes left | fds left | frames lost | teardown ms / bound | ok |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const lost =
      r.framesLost === null ? '—' : `${r.framesLost} of ${r.framesExpected?.toLocaleString('en-US')}`;
    const did = r.failures.length === 0 ? r.did : `${r.did} **FAILED: ${r.failures.join('; ')}**`;
    rows.push(
      `| ${cell(r.fault)} | ${cell(did)} | ${processesCell(r)} | ${r.fdsLeft} | ${lost} | ${teardownCell(r)} | ${r.ok ? 'yes' : '**no**'} |`,
    );
  }
  return rows.join('\n');
}
