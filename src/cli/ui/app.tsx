/**
 * The seminar UI: pick a scenario, assign roles, then play turn by turn on a board a projector can
 * show. The game is plain data (session/game.ts) and each turn is the engine's pure `step`; file
 * I/O comes in through props (`AppIo`), so tests drive the whole app with fake files.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { actionKey, type ActionChoice, type ActionOutcome, type FiredEvent } from '../../engine';
import type { Loaded } from '../../scenarios/issues';
import type { Scenario } from '../../scenarios/registry';
import { commit, current, editLastTurn, editQueue, newGame, undoLast, type Game } from '../session/game';
import { ActionMenu } from './components/action-menu';
import { ActorsView } from './components/actors-view';
import { EventPanel } from './components/event-panel';
import { ExplainPanel, type ExplainTarget } from './components/explain-panel';
import { Header, headerHeight } from './components/header';
import { Help } from './components/help';
import { MatrixView } from './components/matrix-view';
import { Menu } from './components/menu';
import { ScrollText, type Line } from './components/scroll-text';
import { Setup } from './components/setup';
import { TextPrompt } from './components/text-prompt';
import { TrendsView } from './components/trends-view';
import { WhiteCell } from './components/white-cell';
import { markdownLines } from './markdown-text';
import { turnReport } from './turn-report';
import { EMPTY_QUEUE } from '../session/edits';
import { chooserOf, tryTurn, turnInputs } from './turn-flow';
import { boardModel, defaultWatch } from './view-model';

/** What the app needs from outside: the scenario list, loading, saving, the review. */
export interface AppIo {
  scenarios(): { id: string; title: string; detail: string }[];
  load(ref: string): Loaded<Scenario>;
  /** Write the save; returns a problem to show, or undefined when written. */
  save(file: string, game: Game): string | undefined;
  /** The after-action review as Markdown lines. */
  review(game: Game): string[];
  /** Write the review to the --export file, if one was given; returns what happened. */
  exportReview?(game: Game): string | Promise<string>;
}

export type Start =
  | { kind: 'picker' }
  | { kind: 'setup'; scenario: Scenario; ref: string; seed: string; humans: string[] }
  /** A game to play; `saved` when it is as loaded from `file`. */
  | { kind: 'game'; game: Game; saved: boolean; file?: string };

export interface AppProps {
  io: AppIo;
  start: Start;
  width: number;
  height: number;
  color: boolean;
  /** Milliseconds between autoplayed turns. */
  autoDelay?: number;
  /** Called with the game (if any) as the app exits, so the command can export. */
  onExit?(game: Game | undefined): void;
  /** The board view to open on (the benchmark renders each). */
  initialView?: View;
}

export type View = 'actors' | 'matrix' | 'trends' | 'log';
const VIEWS: View[] = ['actors', 'matrix', 'trends', 'log'];

type Mode =
  | { at: 'picker' }
  | { at: 'path' }
  | { at: 'setup'; scenario: Scenario; ref: string; seed: string; humans: string[] }
  | { at: 'board' }
  | { at: 'actions'; seat: number; plans: Record<string, ActionChoice[]> }
  | { at: 'event'; plans: Record<string, ActionChoice[]>; choices: Record<string, string>; ask: FiredEvent }
  | { at: 'explain'; target: ExplainTarget }
  | { at: 'white' }
  | { at: 'help' }
  | { at: 'save' }
  | { at: 'quit' }
  | { at: 'review' };

/** The whole UI. */
export function App({ io, start, width, height, color, autoDelay = 700, onExit, initialView = 'actors' }: AppProps) {
  const { exit } = useApp();
  const [game, setGame] = useState<Game | undefined>(start.kind === 'game' ? start.game : undefined);
  const [mode, setMode] = useState<Mode>(() => {
    if (start.kind === 'picker') return { at: 'picker' };
    if (start.kind === 'setup')
      return { at: 'setup', scenario: start.scenario, ref: start.ref, seed: start.seed, humans: start.humans };
    return { at: 'board' };
  });
  const [view, setView] = useState<View>(initialView);
  const [scroll, setScroll] = useState(0);
  const [paused, setPaused] = useState(false);
  const [auto, setAuto] = useState(false);
  const [message, setMessage] = useState('');
  const [savedHash, setSavedHash] = useState<string | undefined>(
    start.kind === 'game' && start.saved ? start.game.hashes.at(-1) : undefined,
  );
  const [savedNotes, setSavedNotes] = useState(start.kind === 'game' ? start.game.notes.length : 0);
  // The journal's last edit when saved: undoing or adding an edit since then is unsaved work.
  const [savedEdit, setSavedEdit] = useState(start.kind === 'game' ? start.game.edits.at(-1) : undefined);
  const [savePath, setSavePath] = useState<string | undefined>(start.kind === 'game' ? start.file : undefined);
  const [watch, setWatch] = useState<[string, string][]>(() => (start.kind === 'game' ? defaultWatch(start.game) : []));
  const scenarios = useMemo(() => (mode.at === 'picker' ? io.scenarios() : []), [mode.at === 'picker']);

  const quit = (g = game) => {
    onExit?.(g);
    exit();
  };
  const state = game ? current(game) : undefined;
  const queue = game?.queue ?? EMPTY_QUEUE;
  const over = state ? Boolean(state.ended) || state.turn >= state.turns : false;
  const humans = game ? game.humans.filter((h) => state!.actors.some((a) => a.id === h)) : [];
  // Derived once per game, not on every key press (a prompt re-renders the app per character).
  const model = useMemo(() => (game ? boardModel(game, watch) : undefined), [game, watch]);
  const log = useMemo(() => (game && view === 'log' ? logLines(game, game.humans) : []), [game, view]);

  /** Play the turn with the humans' plans and choices so far; ask for the next event choice if needed. */
  const resolve = (g: Game, plans: Record<string, ActionChoice[]>, choices: Record<string, string>) => {
    const trial = tryTurn(g.sim.rules, current(g), turnInputs(plans, choices, queue), humans);
    if (!trial.ok) {
      setMessage(`the turn cannot be played: ${trial.problem}`);
      setMode({ at: 'board' });
      return;
    }
    if (trial.ask) {
      setMode({ at: 'event', plans, choices, ask: trial.ask });
      return;
    }
    const next = commit(g, trial.result);
    setGame(next);
    setView('log');
    setScroll(0);
    const s = current(next);
    // At the end, the after-action review opens by itself; esc returns to the board.
    const finished = Boolean(s.ended) || s.turn >= s.turns;
    setMessage(s.ended ? `The game ended: ${s.ended.outcome}.` : finished ? 'The last turn has been played.' : '');
    if (finished) setAuto(false);
    setMode(finished ? { at: 'review' } : { at: 'board' });
  };

  const nextTurn = () => {
    if (!game) return;
    if (over) return setMessage('The game is over: r for the review, u to undo, s to save.');
    if (paused) return setMessage('Paused by the White cell: press p to resume.');
    setMessage('');
    if (humans.length) setMode({ at: 'actions', seat: 0, plans: {} });
    else resolve(game, {}, {});
  };

  // Autoplay: the computer's turns advance on a timer until a human must act, a pause, or the end.
  useEffect(() => {
    if (!auto || paused || over || mode.at !== 'board' || !game) return;
    if (humans.length) {
      setAuto(false);
      return nextTurn();
    }
    const t = setTimeout(nextTurn, autoDelay);
    return () => clearTimeout(t);
  });

  const note = (text: string) =>
    game && setGame({ ...game, notes: [...game.notes, { turn: current(game).turn, text }] });
  const togglePause = () => {
    setPaused(!paused);
    setAuto(false);
    note(paused ? 'White cell resumed the game' : 'White cell paused the game');
  };
  const rule = (actor: string, a: ActionOutcome, success: boolean) => {
    if (!game) return;
    const key = actionKey(actor, {
      action: a.action,
      ...(a.target ? { target: a.target } : {}),
      ...(a.framing ? { framing: a.framing } : {}),
    });
    const r = editLastTurn(
      game,
      `${key} ${success ? 'succeeds' : 'fails'}`,
      (inputs) => void ((inputs.rulings ??= {})[key] = success),
      (s, inputs) => tryTurn(game.sim.rules, s, inputs, []),
    );
    if (r.ok) setGame(r.game);
    else setMessage(`the ruling cannot be applied: ${r.problem}`);
  };

  const boardKeys = mode.at === 'board';
  useInput(
    (input, key) => {
      if (!game) return;
      setMessage('');
      if (input === 'n' || key.return) nextTurn();
      else if (key.tab) (setView(VIEWS[(VIEWS.indexOf(view) + 1) % VIEWS.length]), setScroll(0));
      else if (input >= '1' && input <= '4') (setView(VIEWS[Number(input) - 1]), setScroll(0));
      else if (key.downArrow && view !== 'log')
        setScroll((s) => Math.min(s + 1, Math.max(0, current(game).actors.length - 1)));
      else if (key.upArrow && view !== 'log') setScroll((s) => Math.max(0, s - 1));
      else if (input === 'e') {
        const s = current(game);
        const from = humans[0] ?? game.scenario.rules.humans[0] ?? s.actors[0].id;
        const to =
          [...[...(game.sim.rules.def.poles ?? [])].reverse(), ...s.actors.map((a) => a.id)].find(
            (x) => x !== from && s.actors.some((a) => a.id === x),
          ) ?? from;
        setMode({ at: 'explain', target: { from, to, turn: s.turn } });
      } else if (input === 'w') setMode({ at: 'white' });
      else if (input === 'p') togglePause();
      else if (input === 'a') (setAuto(!auto), setMessage(auto ? 'autoplay off' : 'autoplay on: p pauses'));
      else if (input === 'u') {
        // The last change goes: a White-cell edit, a ruling, or a turn (whose queue comes back).
        const r = undoLast(game);
        if (!r) return setMessage('nothing to undo');
        setGame(r.game);
        setMessage(`undone: ${r.undone}`);
      } else if (input === 's') setMode({ at: 'save' });
      else if (input === 'r') setMode({ at: 'review' });
      else if (input === '?') setMode({ at: 'help' });
      else if (input === 'q') {
        // Unsaved: turns since the last save, White-cell work queued, or notes not yet saved.
        const clean =
          (game.hashes.at(-1) === savedHash || game.states.length <= 1) &&
          game.edits.at(-1) === savedEdit &&
          game.notes.length === savedNotes;
        if (clean) quit();
        else setMode({ at: 'quit' });
      }
    },
    { isActive: boardKeys },
  );

  const w = width;
  const h = height;
  // ---- screens without a game ----
  if (mode.at === 'picker')
    return (
      <Box flexDirection="column">
        <Text bold>seastate · choose a scenario</Text>
        <Menu
          items={[
            ...scenarios.map((s) => ({ label: s.id.padEnd(24) + ' ' + s.title, detail: s.detail })),
            { label: 'Open a scenario file…' },
          ]}
          height={Math.max(3, h - 4)}
          width={w}
          onCancel={() => quit()}
          onSelect={(k) => {
            if (k === scenarios.length) return setMode({ at: 'path' });
            const r = io.load(scenarios[k].id);
            if (!r.ok) return setMessage(r.issues[0].message);
            setMode({ at: 'setup', scenario: r.value, ref: scenarios[k].id, seed: '1', humans: [] });
          }}
        />
        {message ? <Text color="red">{message}</Text> : <Text color="gray">↑↓ choose · enter open · esc quit</Text>}
      </Box>
    );
  if (mode.at === 'path')
    return (
      <Box flexDirection="column">
        <TextPrompt
          label="Scenario file:"
          check={(t) => {
            const r = io.load(t.trim());
            return r.ok
              ? undefined
              : `${r.issues[0].line ? `line ${r.issues[0].line}: ` : ''}${r.issues[0].path ? `${r.issues[0].path}: ` : ''}${r.issues[0].message}`;
          }}
          onSubmit={(t) => {
            const r = io.load(t.trim());
            if (r.ok) setMode({ at: 'setup', scenario: r.value, ref: t.trim(), seed: '1', humans: [] });
          }}
          onCancel={() => setMode({ at: 'picker' })}
        />
      </Box>
    );
  if (mode.at === 'setup')
    return (
      <Setup
        scenario={mode.scenario}
        seed={mode.seed}
        humans={mode.humans}
        height={h}
        width={w}
        onBack={() => setMode({ at: 'picker' })}
        onStart={(seed, hs) => {
          const g = newGame(mode.scenario, mode.ref, seed, hs);
          setGame(g);
          setWatch(defaultWatch(g));
          setSavedHash(undefined);
          setSavePath(undefined);
          setMode({ at: 'board' });
        }}
      />
    );
  if (!game || !state) return <Text>no game</Text>;

  if (!model) return <Text>no game</Text>;
  const maxLadders = h >= 40 ? 6 : h >= 30 ? 3 : 2;
  const top = headerHeight(model, maxLadders);
  const banner = paused ? 'PAUSED' : auto ? 'AUTOPLAY' : undefined;
  const header = <Header m={model} width={w} maxLadders={maxLadders} banner={banner} />;
  const bodyH = h - top - 3;
  let body: React.ReactNode;
  let keys = 'n next turn · tab view · e explain · w White cell · u undo · s save · ? help · q quit';
  if (w < 90) keys = 'n next · tab view · e explain · w White cell · u undo · s save · ? help · q quit';
  switch (mode.at) {
    case 'actions': {
      const actor = humans[mode.seat];
      body = (
        <ActionMenu
          key={actor}
          rules={game.sim.rules}
          state={state}
          actor={actor}
          seat={`${mode.seat + 1} of ${humans.length}`}
          height={bodyH + 1}
          width={w}
          onBack={() => setMode({ at: 'board' })}
          onConfirm={(plan) => {
            const plans = { ...mode.plans, [actor]: plan };
            if (mode.seat + 1 < humans.length) setMode({ at: 'actions', seat: mode.seat + 1, plans });
            else resolve(game, plans, {});
          }}
        />
      );
      keys = '';
      break;
    }
    case 'event': {
      const def = game!.sim.rules.def.events.find((e) => e.id === mode.ask.event)!;
      const chooser = chooserOf(def, mode.ask.target)!;
      const i = state.actors.findIndex((a) => a.id === chooser);
      body = (
        <EventPanel
          def={def}
          fired={mode.ask}
          chooser={chooser}
          doctrine={state.policies[i]?.doctrine}
          height={bodyH + 1}
          width={w}
          onBack={() => setMode({ at: 'board' })}
          onChoose={(option) =>
            resolve(game, mode.plans, { ...mode.choices, [`${mode.ask.event}@${mode.ask.target ?? ''}`]: option })
          }
        />
      );
      keys = '';
      break;
    }
    case 'explain':
      body = (
        <ExplainPanel
          game={game}
          target={mode.target}
          height={bodyH + 1}
          width={w}
          onChange={(target) => setMode({ at: 'explain', target })}
          onWatch={(a, b) => {
            if (!watch.some(([x, y]) => x === a && y === b)) setWatch([...watch, [a, b] as [string, string]].slice(-8));
            setMessage(`watching ${a}→${b} in the trends view`);
          }}
          onBack={() => setMode({ at: 'board' })}
        />
      );
      keys = '';
      break;
    case 'white':
      body = (
        <WhiteCell
          rules={game.sim.rules}
          state={state}
          lastTrace={game.traces[state.turn]}
          queue={queue}
          paused={paused}
          height={bodyH + 1}
          width={w}
          onEdit={(label, recipe) => setGame(editQueue(game, label, recipe))}
          onRuling={rule}
          onPause={togglePause}
          onNote={note}
          onBack={() => setMode({ at: 'board' })}
        />
      );
      keys = '';
      break;
    case 'help':
      body = <Help onBack={() => setMode({ at: 'board' })} />;
      keys = '';
      break;
    case 'save': {
      const file = savePath ?? `seastate-${game.scenario.id}-seed${game.seed}-t${state.turn}.json`;
      body = (
        <TextPrompt
          label="Save to:"
          initial={file}
          check={(t) => (t.trim() ? undefined : 'a file name')}
          onSubmit={(t) => {
            const problem = io.save(t.trim(), game);
            if (problem) setMessage(problem);
            else {
              setSavedHash(game.hashes.at(-1));
              setSavedNotes(game.notes.length);
              setSavedEdit(game.edits.at(-1));
              setSavePath(t.trim());
              setMessage(`saved turn ${state.turn} to ${t.trim()}`);
            }
            setMode({ at: 'board' });
          }}
          onCancel={() => setMode({ at: 'board' })}
        />
      );
      keys = '';
      break;
    }
    case 'quit':
      body = (
        <QuitPrompt
          onQuit={() => quit()}
          onSave={() => setMode({ at: 'save' })}
          onCancel={() => setMode({ at: 'board' })}
        />
      );
      keys = '';
      break;
    case 'review':
      body = (
        <Review
          review={io.review}
          height={bodyH + 1}
          width={w}
          exported={io.exportReview}
          game={game}
          onBack={() => setMode({ at: 'board' })}
        />
      );
      keys = '';
      break;
    default:
      body =
        view === 'actors' ? (
          <ActorsView m={model} height={bodyH} width={w} offset={scroll} />
        ) : view === 'matrix' ? (
          <MatrixView m={model} height={bodyH} width={w} offset={scroll} color={color} />
        ) : view === 'trends' ? (
          <TrendsView m={model} height={bodyH} width={w} />
        ) : (
          <ScrollText lines={log} height={bodyH} width={w} />
        );
  }
  return (
    <Box flexDirection="column" width={w}>
      {header}
      {mode.at === 'board' ? (
        <Text wrap="truncate">
          {VIEWS.map((v, k) => (
            <Text key={v} inverse={v === view} color={v === view ? undefined : 'gray'}>
              {` ${k + 1} ${v} `}
            </Text>
          ))}
          <Text color="gray">
            {queue.inject.length + queue.effects.length
              ? `  White cell: ${queue.inject.length + queue.effects.length} queued`
              : ''}
          </Text>
        </Text>
      ) : null}
      {body}
      {message ? (
        <Text color="yellow" wrap="truncate">
          {message}
        </Text>
      ) : null}
      {keys ? (
        <Text color="gray" wrap="truncate">
          {keys}
        </Text>
      ) : null}
    </Box>
  );
}

/** The turn log: the last turn first, then earlier ones. */
function logLines(game: Game, humans: string[]): Line[] {
  const out: Line[] = [];
  for (let t = game.states.length - 1; t >= 1 && out.length < 400; t--) {
    const trace = game.traces[t];
    if (trace) out.push(...turnReport(game.sim.rules, game.states[t], trace, humans), { text: '' });
  }
  return out.length ? out : [{ text: 'No turn played yet. Press n to play the first turn.', color: 'gray' }];
}

/** Asks before quitting an unsaved game. */
function QuitPrompt({ onQuit, onSave, onCancel }: { onQuit(): void; onSave(): void; onCancel(): void }) {
  useInput((input, key) => {
    if (input === 'y') onQuit();
    else if (input === 's') onSave();
    else if (input === 'n' || key.escape) onCancel();
  });
  return (
    <Box borderStyle="round" borderColor="red" paddingX={1} flexDirection="column">
      <Text bold>The game has turns that are not saved.</Text>
      <Text>y quit without saving · s save first · n or esc keep playing</Text>
    </Box>
  );
}

/** The after-action review, scrollable; x exports it when --export was given. */
function Review({
  review,
  height,
  width,
  exported,
  game,
  onBack,
}: {
  review(g: Game): string[];
  height: number;
  width: number;
  exported?: (g: Game) => string | Promise<string>;
  game: Game;
  onBack(): void;
}) {
  const [done, setDone] = useState('');
  // The review explains every turn's largest moves: computed once per game shown.
  const lines = useMemo(() => markdownLines(review(game).join('\n'), width), [review, game, width]);
  useInput((input, key) => {
    if (key.escape || input === 'q' || input === 'r') onBack();
    else if (input === 'x' && exported) {
      setDone('exporting the review…');
      void Promise.resolve(exported(game)).then(setDone, (e: unknown) =>
        setDone(`the review could not be written: ${(e as Error).message}`),
      );
    }
  });
  return (
    <Box flexDirection="column">
      <ScrollText lines={lines} height={height - 1} width={width} />
      <Text color="gray">{done || `↑↓ scroll · ${exported ? 'x export to the --export file · ' : ''}esc back`}</Text>
    </Box>
  );
}
