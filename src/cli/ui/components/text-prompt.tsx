/** A one-line text field: type, Backspace (Ctrl-U clears), Enter to accept, Esc to cancel. */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';

export interface TextPromptProps {
  label: string;
  initial?: string;
  /** Returns a problem with the text, or undefined if it will do. */
  check?(text: string): string | undefined;
  onSubmit(text: string): void;
  onCancel(): void;
  maxLength?: number;
}

/** A labelled text field with a visible cursor and the problem, if any, under it. */
export function TextPrompt({ label, initial = '', check, onSubmit, onCancel, maxLength = 200 }: TextPromptProps) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>();
  useInput((input, key) => {
    if (key.return) {
      const p = check?.(text);
      if (p) setProblem(p);
      else onSubmit(text);
    } else if (key.escape) onCancel();
    else if (key.backspace || key.delete) setText((t) => t.slice(0, -1));
    else if (key.ctrl && input === 'u') setText('');
    else if (
      input &&
      !key.ctrl &&
      !key.meta &&
      !key.upArrow &&
      !key.downArrow &&
      !key.leftArrow &&
      !key.rightArrow &&
      !key.tab
    ) {
      // Pasted text arrives as one string; keep printable characters only.
      const clean = input.replace(/[\x00-\x1f\x7f]/g, '');
      setText((t) => (t + clean).slice(0, maxLength));
      setProblem(undefined);
    }
  });
  return (
    <Box flexDirection="column">
      <Text>
        {label} <Text bold>{text}</Text>
        <Text inverse> </Text>
      </Text>
      {problem ? <Text color="red">{problem}</Text> : <Text color="gray">enter accepts · esc cancels</Text>}
    </Box>
  );
}
