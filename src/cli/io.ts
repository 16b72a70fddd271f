/** The CLI's only contact with the terminal: injectable streams so tests can capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a colour-capable terminal. */
  color: boolean;
  /** Whether stdin and stdout are a terminal, so the UI can run. */
  interactive?: boolean;
  /** Whether stderr is a terminal, for progress bars. */
  errTty?: boolean;
}

/** The real terminal. */
export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  errTty: Boolean(process.stderr.isTTY),
};
