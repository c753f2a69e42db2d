/**
 * Where the user is. The URL fragment carries the browser host's access token, so the route lives in the query
 * string (`?flow=<id>`) through the History API; a reload on either page lands where it was.
 */
export type AppRoute =
  | { readonly page: 'flows' }
  | { readonly page: 'connections' }
  | { readonly page: 'editor'; readonly flowId: string };

/** Reads the route from a URL's query string. */
export function routeFromUrl(url: string): AppRoute {
  const params = new URL(url, 'http://localhost').searchParams;
  const flowId = params.get('flow');
  if (flowId) return { page: 'editor', flowId };
  return params.get('page') === 'connections' ? { page: 'connections' } : { page: 'flows' };
}

/** The URL for a route, keeping the current path and fragment (the fragment may hold the token). */
export function urlForRoute(route: AppRoute, currentUrl: string): string {
  const url = new URL(currentUrl, 'http://localhost');
  if (route.page === 'editor') url.searchParams.set('flow', route.flowId);
  else url.searchParams.delete('flow');
  if (route.page === 'connections') url.searchParams.set('page', 'connections');
  else url.searchParams.delete('page');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Whether two routes name the same page. */
export function isSameRoute(a: AppRoute, b: AppRoute): boolean {
  return a.page === b.page && (a.page !== 'editor' || a.flowId === (b as { flowId: string }).flowId);
}
