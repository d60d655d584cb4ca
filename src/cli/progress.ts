// Progress of long work: a bar on a terminal, a plain line every few seconds in a log, nothing in
// CI or specs. Callers tick per item; the display is only touched every few thousand items.
import { SingleBar } from 'cli-progress';
import type { CliIo } from './io';

export interface Progress {
  /** Sets the amount done (same unit as the total) and the item count shown. */
  update(done: number, items: number): void;
  /** Ends the display, drawing the final figures when given. */
  stop(final?: { done: number; items: number }): void;
}

const LINE_INTERVAL_MS = 5000;

/** `unit` names what `items` counts (cases, rows). */
export function startProgress(io: CliIo, label: string, total: number, unit = 'cases'): Progress {
  if (io.progress === 'none' || total <= 0) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  if (io.progress === 'lines') {
    let next = started + LINE_INTERVAL_MS;
    return {
      update(done, items) {
        const now = Date.now();
        if (now < next) return;
        next = now + LINE_INTERVAL_MS;
        const pct = Math.min(100, Math.floor((done / total) * 100));
        io.err(`${label}: ${pct}% (${items.toLocaleString('en-US')} ${unit}, ${rate(items, now - started)}/s)`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {items} ${unit} | {speed}/s | ETA {eta_formatted}`,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    stream: io.progressStream,
    etaBuffer: 50,
    fps: 8,
  });
  bar.start(total, 0, { items: '0', speed: '0' });
  let lastDraw = 0;
  return {
    update(done, items) {
      const now = Date.now();
      if (now - lastDraw < 100) return; // the bar itself throttles, but even its bookkeeping costs
      lastDraw = now;
      bar.update(Math.min(done, total), { items: items.toLocaleString('en-US'), speed: rate(items, now - started) });
    },
    stop(final) {
      if (final) {
        const speed = rate(final.items, Date.now() - started);
        bar.update(Math.min(final.done, total), { items: final.items.toLocaleString('en-US'), speed });
      }
      bar.stop();
    },
  };
}

function rate(items: number, ms: number): string {
  return ms > 0 ? Math.round((items * 1000) / ms).toLocaleString('en-US') : '0';
}
