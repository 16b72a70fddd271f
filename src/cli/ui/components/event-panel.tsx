/**
 * An event whose option a human must choose: its text, the options, and what the actor's own
 * doctrine would weigh them at (the policy's scores from the trial step), as advice.
 */
import { Box, Text } from 'ink';
import type { EventDef, FiredEvent } from '../../../engine';
import { signed } from '../format';
import { Menu } from './menu';

export interface EventPanelProps {
  def: EventDef;
  fired: FiredEvent;
  chooser: string;
  doctrine?: string;
  height: number;
  width: number;
  onChoose(option: string): void;
  onBack(): void;
}

/** The event panel: Enter takes the option under the cursor (no single key commits a choice by accident). */
export function EventPanel({ def, fired, chooser, doctrine, height, width, onChoose, onBack }: EventPanelProps) {
  const text = def.text ?? '';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} width={Math.min(width, 100)}>
      <Text bold color="yellow" wrap="truncate">
        {`EVENT · ${def.title}${fired.target ? ` [${fired.target}]` : ''}`}
      </Text>
      <Text color="cyan">{`${chooser} chooses (human)`}</Text>
      {text ? <Text wrap="wrap">{text}</Text> : null}
      <Box marginTop={1} flexDirection="column">
        <Menu
          items={def.options.map((o, k) => ({ label: `${k + 1}. ${o.text}` }))}
          height={Math.max(2, height - 8)}
          width={Math.min(width, 100) - 4}
          wrap
          onSelect={(k) => onChoose(def.options[k].id)}
          onCancel={onBack}
        />
      </Box>
      {fired.scores ? (
        <Text color="gray" wrap="wrap">
          {`advice: ${chooser}'s doctrine${doctrine ? ` (${doctrine})` : ''} would weigh ${def.options.map((o, k) => `${o.id} ${signed(fired.scores![k], 4)}`).join(', ')}`}
        </Text>
      ) : null}
      <Text color="gray">↑↓ choose · enter confirm · esc back to the board (the turn is not played)</Text>
    </Box>
  );
}
