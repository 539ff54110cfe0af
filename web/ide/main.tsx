/**
 * The hub's GraphQL IDE: GraphiQL from npm, bundled by scripts/build-web.ts, talking to the
 * gateway on the same origin (HTTP for queries and mutations, graphql-ws for subscriptions),
 * with the contract's golden operations as examples and the page's API token sent on both.
 */
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { useEditorContext, type GraphiQLPlugin } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import examples from 'virtual:examples';
import { authHeaders, GRAPHQL_PATH, graphqlWsUrl, storedToken, storeToken } from '../session/token';
import './ide.css';

/**
 * Headers typed into GraphiQL's headers editor come after the page token's, so either works;
 * for subscriptions the toolkit passes them as graphql-ws `connectionParams`.
 */
function fetcherFor(token: string): Fetcher {
  return createGraphiQLFetcher({
    url: GRAPHQL_PATH,
    subscriptionUrl: graphqlWsUrl(),
    headers: authHeaders(token),
    wsConnectionParams: authHeaders(token),
    enableIncrementalDelivery: false,
  });
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M5 4h10l4 4v12H5z" />
      <path d="M8 11h8M8 14h8M8 17h5" />
    </svg>
  );
}

function ExamplesPane() {
  const editor = useEditorContext({ nonNull: true });
  if (!examples.length) {
    return <p className="examples-empty">No examples were bundled: the contract's operations were not beside this clone when the page was built.</p>;
  }
  const open = (example: (typeof examples)[number]) => {
    editor.addTab();
    // The new tab's (empty) values are written to the editors after this render; ours go in after them.
    setTimeout(() => {
      editor.queryEditor?.setValue(example.query);
      editor.variableEditor?.setValue(example.variables);
    }, 0);
  };
  const files = [...new Set(examples.map((e) => e.file))];
  return (
    <div className="examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>The contract's golden operations. Click one to open it in a new tab; fill in the variables, then run it.</p>
      {files.map((file) => (
        <section key={file}>
          <h3>{file.replace(/\.graphql$/, '')}</h3>
          <ul>
            {examples
              .filter((e) => e.file === file)
              .map((example) => (
                <li key={example.name}>
                  <button type="button" className="example" data-example={example.name} onClick={() => open(example)}>
                    <span className={`kind kind-${example.kind}`}>{example.kind}</span> {example.name}
                  </button>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const examplesPlugin: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPane };

const DEFAULT_QUERY = `# The ITSM hub's GraphQL IDE.
# Examples (the contract's golden operations) are in the left bar.
# With API_TOKENS set, put your token in the field above or in the Headers tab:
#   { "Authorization": "Bearer <token>" }
query Services {
  configurationItems(filter: { ciClass: [BUSINESS_SERVICE] }) {
    totalCount
    edges { node { id name criticality owner openIncidents { number priority title } } }
  }
}
`;

function Ide() {
  const [token, setToken] = useState(storedToken());
  const fetcher = useMemo(() => fetcherFor(token), [token]);
  return (
    <div className="ide">
      <header className="ide-bar">
        <strong>ITSM hub</strong>
        <span>GraphQL IDE</span>
        <a href="/explorer">Impact explorer</a>
        <span className="spacer" />
        <label className="token-field">
          API token{' '}
          <input
            type="password"
            name="api-token"
            autoComplete="off"
            placeholder="only when API_TOKENS is set"
            defaultValue={token}
            onChange={(event) => {
              storeToken(event.target.value.trim());
              setToken(event.target.value.trim());
            }}
          />
        </label>
      </header>
      <div className="ide-body">
        <GraphiQL fetcher={fetcher} plugins={[examplesPlugin]} defaultQuery={DEFAULT_QUERY} isHeadersEditorEnabled shouldPersistHeaders={false} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Ide />);
