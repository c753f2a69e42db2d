import type { OAuthSettings } from './oauth-server';

/** The settings every simulated API has: its limits, OAuth lifetimes, behaviour switches and scope checks. */
export interface ApiSettings<L, B, O extends OAuthSettings = OAuthSettings> {
  limits: L;
  oauth: O;
  behaviour: B;
  /** Check the token's scopes per operation. */
  enforceScopes: boolean;
}

/** A patch of ApiSettings: each group merged field by field. */
export interface ApiSettingsPatch<L, B, O extends OAuthSettings = OAuthSettings> {
  limits?: Partial<L>;
  oauth?: Partial<O>;
  behaviour?: Partial<B>;
  enforceScopes?: boolean;
}

/** Merges a patch into settings, group by group (what `/__sandbox/apis/<api>/settings` PATCH does). */
export function mergeApiSettings<L, B, O extends OAuthSettings>(
  base: ApiSettings<L, B, O>,
  p: ApiSettingsPatch<L, B, O>,
): ApiSettings<L, B, O> {
  return {
    limits: { ...base.limits, ...(p.limits ?? {}) },
    oauth: { ...base.oauth, ...(p.oauth ?? {}) },
    behaviour: { ...base.behaviour, ...(p.behaviour ?? {}) },
    enforceScopes: p.enforceScopes ?? base.enforceScopes,
  };
}
