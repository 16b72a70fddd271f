/** A scrolling block of styled lines (the turn log, the after-action review). */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';

export interface Line {
  text: string;
  color?: string;
  bold?: boolean;
}

/** Break a long line at spaces into pieces of at most `width`, continuing with an indent. */
export function wrapLine(l: Line, width: number): Line[] {
  if (l.text.length <= width || width < 20) return [l];
  const indent = ' '.repeat(Math.min(6, (/^ */.exec(l.text)?.[0].length ?? 0) + 4));
  const out: Line[] = [];
  let rest = l.text;
  let first = true;
  while (rest.length) {
    const room = first ? width : width - indent.length;
    let cut = rest.length <= room ? rest.length : rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room;
    out.push({ ...l, text: (first ? '' : indent) + rest.slice(0, cut).trimEnd() });
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  return out;
}

/** Lines (wrapped to `width`) from the scroll position; ↑↓ and page keys scroll when `active`. */
export function ScrollText({
  lines: raw,
  height,
  width,
  active = true,
}: {
  lines: readonly Line[];
  height: number;
  width: number;
  active?: boolean;
}) {
  const lines = raw.flatMap((l) => wrapLine(l, width));
  const [top, setTop] = useState(0);
  const h = Math.max(1, height - 1);
  const maxTop = Math.max(0, lines.length - h);
  useInput(
    (_input, key) => {
      if (key.downArrow) setTop((t) => Math.min(maxTop, t + 1));
      else if (key.upArrow) setTop((t) => Math.max(0, t - 1));
      else if (key.pageDown) setTop((t) => Math.min(maxTop, t + h));
      else if (key.pageUp) setTop((t) => Math.max(0, t - h));
    },
    { isActive: active },
  );
  const from = Math.min(top, maxTop);
  return (
    <Box flexDirection="column">
      {lines.slice(from, from + h).map((l, k) => (
        <Text key={from + k} wrap="truncate" color={l.color} bold={l.bold}>
          {l.text || ' '}
        </Text>
      ))}
      {lines.length > h ? (
        <Text color="gray">{`  lines ${from + 1}-${Math.min(lines.length, from + h)} of ${lines.length} (↑↓ scroll)`}</Text>
      ) : null}
    </Box>
  );
}
