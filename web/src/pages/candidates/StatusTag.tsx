import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { TONE, type Tone } from './labels';

/** A tag in one of the readable status tones. */
export function StatusTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <Tag variant="outlined" style={TONE[tone]}>
      {children}
    </Tag>
  );
}

/** Status text in a readable tone (antd's success/warning text colours are too light to read). */
export function ToneText({ tone, children, strong }: { tone: Tone; children: ReactNode; strong?: boolean }) {
  return <span style={{ color: TONE[tone].color, fontWeight: strong ? 600 : undefined }}>{children}</span>;
}
