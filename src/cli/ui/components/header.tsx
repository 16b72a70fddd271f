/** The top of every board screen: scenario, turn and date, seed, and the escalation ladders. */
import { Box, Text } from 'ink';
import { bar, fit, signed } from '../format';
import type { BoardModel } from '../view-model';

/** Rung colours from calm to war. */
const RUNG_COLOR = ['green', 'green', 'yellow', 'yellow', 'magenta', 'red', 'red', 'red'];

/** Lines the header takes for a model shown with at most `maxLadders` ladders. */
export function headerHeight(m: BoardModel, maxLadders: number): number {
  return 1 + Math.min(maxLadders, m.ladders.length);
}

/** Title line and one line per ladder (the global one first). */
export function Header({
  m,
  width,
  maxLadders,
  banner,
}: {
  m: BoardModel;
  width: number;
  maxLadders: number;
  banner?: string;
}) {
  const right = banner ?? (m.ended ? `ENDED: ${m.ended}` : '');
  // The turn, date and seed always show; a long title gives way.
  const tail = ` · turn ${m.turn}/${m.turns} · ${m.date.slice(0, 7)} · seed ${m.seed}`;
  const room = Math.max(8, width - right.length - 1 - tail.length - 'seastate · '.length);
  const left = `seastate · ${fit(m.title, Math.min(room, m.title.length))}${tail}`;
  const barW = Math.max(8, Math.min(60, width - 56));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{fit(left, Math.max(10, width - right.length - 1))}</Text>
        {right ? (
          <Text color={banner ? 'yellow' : 'cyan'} bold>
            {' ' + right}
          </Text>
        ) : null}
      </Text>
      {m.ladders.slice(0, maxLadders).map((l) => {
        const rung = Math.min(RUNG_COLOR.length - 1, Math.floor((l.level / m.ladderMax) * (RUNG_COLOR.length - 1)));
        return (
          <Text key={l.id} wrap="truncate">
            {fit(l.id, 10)} <Text color={RUNG_COLOR[rung]}>{bar(l.level, m.ladderMax, barW)}</Text> {l.level.toFixed(2)}{' '}
            {fit(l.rung, 22)}{' '}
            <Text color={l.change > 0.005 ? 'red' : l.change < -0.005 ? 'green' : 'gray'}>{signed(l.change, 2)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
