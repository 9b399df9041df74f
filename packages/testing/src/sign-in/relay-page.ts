// Core's relay pages read as a browser would: the form_post relay form, and the fragment relay script run
// against a minimal DOM (what a browser does with a fragment.jwt response that a server never sees).
import { runInNewContext } from 'node:vm';

/** What a relay page submits: where to (the page's own URL when the form has no action) and which fields. */
export interface RelaySubmission {
  /** The path and query the browser posts to. */
  action: string;
  fields: Record<string, string>;
}

const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

/** The action attribute of every form in a page (undefined for a form without one: it posts to its own URL). */
export function formActions(html: string): Array<string | undefined> {
  return [...html.matchAll(/<form\b[^>]*>/g)].map((m) => /\baction="([^"]*)"/.exec(m[0])?.[1]);
}

/** The form_post relay page's form, read as a browser would: posted to `pageUrl` when it has no action. */
export function relayForm(html: string, pageUrl: string): RelaySubmission {
  const tag = /<form id="relay" method="post"[^>]*>/.exec(html)?.[0];
  if (!tag) throw new Error('no relay form in the page');
  const action = /\baction="([^"]*)"/.exec(tag)?.[1];
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [
      unescapeHtml(m[1]!),
      unescapeHtml(m[2]!),
    ]),
  );
  return { action: action === undefined ? pageUrl : unescapeHtml(action), fields };
}

/**
 * Runs the fragment relay page's script against a minimal DOM at `landing` (path, query and fragment) and reports
 * what it submits and the URL it left in the address bar.
 */
export function runFragmentRelay(html: string, landing: URL): RelaySubmission & { addressBar: string | undefined } {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error('no script in the relay page');
  const submitted: RelaySubmission[] = [];
  let addressBar: string | undefined;
  const own = landing.href.split('#')[0]!;
  const form = {
    method: /<form id="relay" method="(\w+)"/.exec(html)?.[1] ?? '',
    action: /<form id="relay"[^>]*\baction="([^"]*)"/.exec(html)?.[1] ?? '',
    inputs: [] as { name: string; value: string }[],
    appendChild(input: { name: string; value: string }) {
      this.inputs.push(input);
    },
    submit() {
      const target = this.action === '' ? new URL(addressBar ?? own) : new URL(this.action, own);
      submitted.push({
        action: target.pathname + target.search,
        fields: Object.fromEntries(this.inputs.map((i) => [i.name, i.value])),
      });
    },
  };
  runInNewContext(script, {
    URLSearchParams,
    location: { hash: landing.hash, pathname: landing.pathname, search: landing.search, href: landing.href },
    history: { replaceState: (_s: unknown, _t: string, url: string) => (addressBar = url) },
    document: {
      getElementById: (id: string) => (id === 'relay' ? form : null),
      createElement: (tag: string) => (tag === 'form' ? form : { type: '', name: '', value: '' }),
      body: { appendChild: () => undefined },
    },
  });
  if (submitted.length !== 1) throw new Error(`the relay script submitted ${submitted.length} forms`);
  if (form.method !== 'post') throw new Error(`the relay form's method is "${form.method}"`);
  return { ...submitted[0]!, addressBar };
}
