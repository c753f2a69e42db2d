import type { ConflictPolicy } from '../../../shared/flow/flow.schema';

/** What a destination with a conflict policy does with a matched record whose payload differs. */
export type ConflictVerdict =
  | { readonly action: 'update'; readonly reason?: string }
  | { readonly action: 'skip'; readonly reason: string };

/** One matched record, as the conflict check sees it. */
export interface ConflictCase {
  readonly policy: ConflictPolicy;
  /** System names for the reason ("Visma eAccounting", "Xero"). */
  readonly sourceSystem: string;
  readonly destinationSystem: string;
  /** Each side's own change time (ISO 8601), as its API reports it. */
  readonly sourceChangedAt: string | undefined;
  readonly targetChangedAt: string | undefined;
  /** When Ledgerflow last wrote or linked the pair, either way (epoch ms); undefined: never. */
  readonly lastSync: number | undefined;
}

/**
 * Decides a matched record whose payload differs from the destination's record, for a destination with a
 * conflict policy (docs/engine.md, "Two-way flows and conflicts"). A side "changed since the last sync" when its
 * own change time is after the moment Ledgerflow last wrote or linked the pair (a pair never synced counts as
 * changed on both sides; so does a side whose change time is unknown). The destination not changed: update (the
 * source changed, or a write that did not complete is caught up). Only the destination changed: keep it (in a
 * two-way flow the other direction copies it across). Both changed: a conflict, settled by the policy, and the
 * reason says so. A skip is not linked in the id map (see the planner), so the pair's last sync stays put and the
 * same records get the same decision until one of them changes again.
 */
export function decideConflict(c: ConflictCase): ConflictVerdict {
  const source = time(c.sourceChangedAt);
  const target = time(c.targetChangedAt);
  const since = c.lastSync;
  const sourceChanged = since === undefined || source === undefined || source > since;
  const targetChanged = since === undefined || target === undefined || target > since;
  const src = c.sourceSystem;
  const dst = c.destinationSystem;
  if (!targetChanged) return { action: 'update' };
  if (!sourceChanged)
    return {
      action: 'skip',
      reason: `changed in ${dst} (${at(target)}) since the last sync (${at(since)}) but not in ${src}: ${dst}'s version is kept`,
    };
  const conflict = `conflict: changed in both ${src} (${at(source)}) and ${dst} (${at(target)}) ${
    since === undefined ? 'and never synced before' : `since the last sync (${at(since)})`
  }`;
  switch (c.policy) {
    case 'prefer-source':
      return {
        action: 'update',
        reason: `${conflict}; conflict policy 'prefer-source': ${src}'s version wins`,
      };
    case 'prefer-destination':
      return {
        action: 'skip',
        reason: `${conflict}; conflict policy 'prefer-destination': ${dst}'s version is kept`,
      };
    case 'skip':
      return {
        action: 'skip',
        reason: `${conflict}; conflict policy 'skip': left as it is on both sides until the two agree (make them the same, or choose another conflict policy)`,
      };
    case 'newest-wins':
      if (source !== undefined && target !== undefined && source > target)
        return { action: 'update', reason: `${conflict}; newest wins: ${src}'s change is newer` };
      if (source !== undefined && target !== undefined && target > source)
        return { action: 'skip', reason: `${conflict}; newest wins: ${dst}'s change is newer and is kept` };
      return {
        action: 'skip',
        reason: `${conflict}; newest wins, but which is newer cannot be told (same or unknown time): left as it is on both sides`,
      };
  }
}

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

const at = (ms: number | undefined): string =>
  ms === undefined ? 'time unknown' : new Date(ms).toISOString();
