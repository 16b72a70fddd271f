/** Role assignment and seed before a game: which actors humans play (space toggles), the seed (s). */
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import type { Scenario } from '../../../scenarios/registry';
import { Menu } from './menu';
import { TextPrompt } from './text-prompt';

export interface SetupProps {
  scenario: Scenario;
  seed: string;
  humans: string[];
  height: number;
  width: number;
  onStart(seed: string, humans: string[]): void;
  onBack(): void;
}

/** The setup screen: the scenario's suggested human actors come first. */
export function Setup({ scenario, seed: seed0, humans: humans0, height, width, onStart, onBack }: SetupProps) {
  const [seed, setSeed] = useState(seed0);
  const [humans, setHumans] = useState(humans0);
  const [editing, setEditing] = useState(false);
  const suggested = scenario.rules.humans;
  // The actors do not depend on the seed: read them once per scenario, not per key press.
  const all = useMemo(() => scenario.spec('0').actors.map((a) => ({ id: a.id, name: a.name })), [scenario]);
  const ordered = [...all.filter((a) => suggested.includes(a.id)), ...all.filter((a) => !suggested.includes(a.id))];
  const toggle = (id: string) => setHumans(humans.includes(id) ? humans.filter((h) => h !== id) : [...humans, id]);
  return (
    <Box flexDirection="column">
      <Text bold>{`${scenario.title} (${scenario.id})`}</Text>
      <Text wrap="truncate" color="gray">
        {scenario.description.split('\n')[0]}
      </Text>
      <Text>
        {'seed '}
        <Text bold>{seed}</Text>
        {' · humans play: '}
        <Text bold color="cyan">
          {humans.length ? humans.join(', ') : 'nobody (watch the policies play)'}
        </Text>
        {`; the computer plays the other ${all.length - humans.length}`}
      </Text>
      <Menu
        items={ordered.map((a) => ({
          label: `[${humans.includes(a.id) ? 'x' : ' '}] ${a.id} ${a.name}`,
          detail: suggested.includes(a.id) ? 'suggested for a human' : undefined,
        }))}
        height={Math.max(3, height - (editing ? 8 : 6))}
        width={width}
        active={!editing}
        onSelect={() => onStart(seed, humans)}
        onCancel={onBack}
        onKey={(input, k) => {
          if (input === ' ') toggle(ordered[k].id);
          else if (input === 's') setEditing(true);
        }}
      />
      {editing ? (
        <TextPrompt
          label="Seed:"
          initial={seed}
          check={(t) =>
            /^\d{1,16}$/.test(t) && Number.isSafeInteger(Number(t)) ? undefined : 'a non-negative whole number'
          }
          onSubmit={(t) => (setSeed(String(Number(t))), setEditing(false))}
          onCancel={() => setEditing(false)}
        />
      ) : null}
      <Text color="gray">space: human or computer · s: seed · enter: start · esc: back</Text>
    </Box>
  );
}
