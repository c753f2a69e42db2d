import { describe, expect, it } from 'vitest';
import { decideConflict, type ConflictCase } from './conflict-policy';

const base: ConflictCase = {
  policy: 'newest-wins',
  sourceSystem: 'Visma eAccounting',
  destinationSystem: 'Xero',
  sourceChangedAt: '2026-11-02T10:00:00.000Z',
  targetChangedAt: '2026-11-02T09:00:00.000Z',
  lastSync: Date.parse('2026-11-01T00:00:00.000Z'),
};

describe('conflict policy: what a destination does with a record that differs', () => {
  it('updates when the destination has not changed since the last sync (also catching up a failed write)', () => {
    expect(decideConflict({ ...base, targetChangedAt: '2026-10-31T00:00:00.000Z' })).toEqual({
      action: 'update',
    });
    expect(
      decideConflict({
        ...base,
        policy: 'skip',
        sourceChangedAt: '2026-10-30T00:00:00.000Z',
        targetChangedAt: '2026-10-31T00:00:00.000Z',
      }),
    ).toEqual({ action: 'update' });
  });

  it('keeps a destination changed since the last sync when the source was not', () => {
    expect(
      decideConflict({ ...base, policy: 'prefer-source', sourceChangedAt: '2026-10-30T00:00:00.000Z' }),
    ).toEqual({
      action: 'skip',
      reason:
        "changed in Xero (2026-11-02T09:00:00.000Z) since the last sync (2026-11-01T00:00:00.000Z) but not in Visma eAccounting: Xero's version is kept",
    });
  });

  it('settles a change on both sides by the policy, saying it is a conflict', () => {
    const conflict =
      'conflict: changed in both Visma eAccounting (2026-11-02T10:00:00.000Z) and Xero (2026-11-02T09:00:00.000Z) since the last sync (2026-11-01T00:00:00.000Z)';
    expect(decideConflict(base)).toEqual({
      action: 'update',
      reason: `${conflict}; newest wins: Visma eAccounting's change is newer`,
    });
    expect(decideConflict({ ...base, targetChangedAt: '2026-11-02T11:00:00.000Z' }).action).toBe('skip');
    expect(decideConflict({ ...base, policy: 'prefer-source' })).toEqual({
      action: 'update',
      reason: `${conflict}; conflict policy 'prefer-source': Visma eAccounting's version wins`,
    });
    expect(decideConflict({ ...base, policy: 'prefer-destination' })).toEqual({
      action: 'skip',
      reason: `${conflict}; conflict policy 'prefer-destination': Xero's version is kept`,
    });
    expect(decideConflict({ ...base, policy: 'skip' })).toEqual({
      action: 'skip',
      reason: `${conflict}; conflict policy 'skip': left as it is on both sides until the two agree (make them the same, or choose another conflict policy)`,
    });
  });

  it('treats a pair never synced, or a side without a change time, as changed; newest-wins then skips a tie', () => {
    const never = decideConflict({ ...base, lastSync: undefined, targetChangedAt: base.sourceChangedAt });
    expect(never.action).toBe('skip');
    expect(never.reason).toMatch(/and never synced before; newest wins, but which is newer cannot be told/);
    expect(decideConflict({ ...base, targetChangedAt: undefined }).reason).toMatch(
      /Xero \(time unknown\).*cannot be told/,
    );
  });
});
