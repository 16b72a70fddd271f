/** The app at the terminal's size, re-rendered when the terminal is resized. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { App, type AppProps } from './app';

/** `App` sized to the terminal (at least 80×24, the size the board is designed for). */
export function Root(props: Omit<AppProps, 'width' | 'height'>) {
  const { stdout } = useStdout();
  const size = () => ({ width: Math.max(80, stdout.columns || 80), height: Math.max(24, stdout.rows || 24) });
  const [s, setS] = useState(size);
  useEffect(() => {
    const on = () => setS(size());
    stdout.on('resize', on);
    return () => void stdout.off('resize', on);
  }, [stdout]);
  return <App {...props} width={s.width} height={s.height} />;
}
