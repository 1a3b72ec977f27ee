// The one dispatch table: every message type has exactly one handler; a termination goes to the
// side the sender is not; a message for a role the CDN lacks is ignored.
import { describe, it, expect } from 'vitest';
import { dispatch, dispatchTable, type AgentSides } from '../../agents/dispatch.js';
import type { Message } from '../../agents/messages.js';

const terminate = (by: 'primary' | 'peer'): Message => ({
  id: 'x#1',
  from: 'beta',
  to: 'alpha',
  type: 'arrangement.terminate',
  arrangementId: 'a',
  by,
  reason: 'lease-lapsed',
  noticeS: 0,
});

function recordingSides(withPeer: boolean) {
  const seen: string[] = [];
  const rec = (side: string) => new Proxy({}, { get: (_t, type) => () => seen.push(`${side}:${String(type)}`) });
  const sides = { learn: () => seen.push('knowledge'), primary: rec('primary'), peer: withPeer ? rec('peer') : null } as unknown as AgentSides;
  return { seen, table: dispatchTable(sides) };
}

describe('message dispatch', () => {
  it('a termination by the peer reaches the primary side, one by the primary the peer side', () => {
    const { seen, table } = recordingSides(true);
    dispatch(table, terminate('peer'));
    dispatch(table, terminate('primary'));
    expect(seen).toEqual(['primary:arrangement.terminate', 'peer:arrangement.terminate']);
  });

  it('messages for a side the CDN does not have are ignored; advertisements go to its knowledge', () => {
    const { seen, table } = recordingSides(false);
    dispatch(table, terminate('primary'));
    dispatch(table, { id: 'x#2', from: 'beta', to: 'alpha', type: 'log.ack', arrangementId: 'a', seq: 1, held: true });
    dispatch(table, { id: 'x#3', from: 'beta', to: 'alpha', type: 'advertisement', advertisement: {} as never, cdnPath: ['beta'] });
    expect(seen).toEqual(['knowledge']);
  });
});
