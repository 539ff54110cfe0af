/**
 * The API token a person typed into a page, kept in the browser's local storage so both pages
 * (and a reload) share it. When the hub has `API_TOKENS`, it goes out as `Authorization: Bearer`
 * on HTTP and as the same header in graphql-ws `connectionParams`, which the gateway reads
 * exactly like HTTP headers (gateway/subscriptions.ts).
 */
const STORAGE_KEY = 'itsm-hub:api-token';

export function storedToken(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    // Storage can be disabled (private windows, policies): the page then works without remembering.
    return '';
  }
}

export function storeToken(token: string): void {
  try {
    if (token) localStorage.setItem(STORAGE_KEY, token);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // See storedToken: nothing to remember into.
  }
}

/** The headers that carry the token, for HTTP requests and graphql-ws connectionParams alike. */
export function authHeaders(token = storedToken()): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export const GRAPHQL_PATH = '/graphql';

export function graphqlWsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;
}

/** A token field for a page's header: shows the stored token and saves what is typed. */
export function tokenField(onChange: (token: string) => void): HTMLElement {
  const label = document.createElement('label');
  label.className = 'token-field';
  label.textContent = 'API token ';
  const input = document.createElement('input');
  input.type = 'password';
  input.name = 'api-token';
  input.placeholder = 'only when API_TOKENS is set';
  input.autocomplete = 'off';
  input.value = storedToken();
  input.addEventListener('change', () => {
    storeToken(input.value.trim());
    onChange(input.value.trim());
  });
  label.append(input);
  return label;
}
