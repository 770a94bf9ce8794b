/**
 * A one-line progress bar on stderr, redrawn at most ten times a second (redrawing per ticket would
 * cost more than a heuristic ticket does).
 */
import { performance } from 'node:perf_hooks';

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 30): Progress {
  const started = performance.now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (done < total && now - last < 100) return;
      last = now;
      const share = total === 0 ? 1 : done / total;
      const filled = Math.round(share * width);
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${(share * 100).toFixed(0)}%  ${rate.toFixed(0)} tickets/s  ETA ${eta}s `);
      drawn = true;
    },
    finish() {
      // Clears the line so the report (or an error) starts on a clean one.
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
