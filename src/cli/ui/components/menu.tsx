/** A scrolling list with a cursor: the one selection widget every screen uses. */
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  /** A second, dimmer part of the line (costs, chances, effects). */
  detail?: string;
  disabled?: boolean;
}

export interface MenuProps {
  items: readonly MenuItem[];
  /** Lines the list may use; longer lists scroll around the cursor. */
  height: number;
  width: number;
  onSelect(index: number): void;
  onCancel?(): void;
  /** Called as the cursor moves, so a panel beside the list can describe the item. */
  onMove?(index: number): void;
  /** Other keys, handled by the screen (the cursor's index is passed along). */
  onKey?(input: string, index: number): void;
  active?: boolean;
  initial?: number;
  /** Wrap long items instead of cutting them (for a few long options, such as an event's). */
  wrap?: boolean;
}

/** Arrow keys move (wrapping at the ends), page keys jump, Enter selects, Esc cancels. */
export function Menu({
  items,
  height,
  width,
  onSelect,
  onCancel,
  onMove,
  onKey,
  active = true,
  initial = 0,
  wrap = false,
}: MenuProps) {
  const [cursor, setCursor] = useState(Math.min(initial, Math.max(0, items.length - 1)));
  // Keys can arrive faster than renders (a paste, a script): read the cursor through a ref.
  const at = useRef(cursor);
  at.current = Math.min(at.current, Math.max(0, items.length - 1));
  const move = (to: number) => {
    const c = Math.max(0, Math.min(items.length - 1, to));
    at.current = c;
    setCursor(c);
    onMove?.(c);
  };
  useInput(
    (input, key) => {
      const c = at.current;
      // The arrows wrap around the ends; the page keys stop at them.
      if (key.upArrow) move(c === 0 ? items.length - 1 : c - 1);
      else if (key.downArrow) move(c === items.length - 1 ? 0 : c + 1);
      else if (key.pageDown) move(c + height);
      else if (key.pageUp) move(c - height);
      else if (key.return) {
        if (items[c] && !items[c].disabled) onSelect(c);
      } else if (key.escape) onCancel?.();
      else onKey?.(input, c);
    },
    { isActive: active },
  );
  const h = Math.max(1, height);
  const cursorNow = Math.min(cursor, Math.max(0, items.length - 1));
  const top = Math.max(0, Math.min(cursorNow - Math.floor(h / 2), items.length - h));
  const shown = items.slice(top, top + h);
  return (
    <Box flexDirection="column">
      {shown.map((item, k) => {
        const i = top + k;
        const on = i === cursorNow;
        const label = `${on ? '›' : ' '} ${item.label}`;
        const room = Math.max(0, width - label.length - 1);
        return (
          <Text key={i} wrap={wrap ? 'wrap' : 'truncate'} dimColor={item.disabled} inverse={on}>
            {label}
            {item.detail && room > 3 ? (
              <Text color={on ? undefined : 'gray'}>{' ' + item.detail.slice(0, room)}</Text>
            ) : null}
          </Text>
        );
      })}
      {items.length > h ? (
        <Text color="gray">{`  ${top > 0 ? '↑' : ' '} ${cursorNow + 1}/${items.length} ${top + h < items.length ? '↓' : ' '}`}</Text>
      ) : null}
    </Box>
  );
}
