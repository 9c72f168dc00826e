export interface Progress {
  readonly done: number;
  readonly total: number;
}

/** One redrawn line on stderr: bar, count/total, rate. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 30) {
  let started: number | undefined; // the first call, after the settle pause
  return ({ done, total }: Progress): void => {
    started ??= Date.now();
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * width);
    const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s`;
    if (stream.isTTY) stream.write(`\r${line}${done === total ? "\n" : ""}`);
    else if (done === total || done % Math.max(1, Math.round(total / 10)) === 0) stream.write(`${line}\n`);
  };
}
