// Netlify's reading of a built site: its own parsers and its own redirects matcher.
//
//   node tests/host/netlify_rules.mjs SITE_DIR < paths.json > answer.json
//
// stdin: a JSON list of request paths. stdout: {errors, ignored, redirects, headers, answers}:
// the parsers' errors; the lines of `_headers` and `_redirects` Netlify reads as nothing (its
// parsers skip them without a word, so they are found by counting what the parsers returned);
// and for each path what Netlify answers, as `netlify dev` decides it: the first matching
// rule of `netlify-redirector` (Netlify's matcher, WebAssembly), unless the rule is not forced
// and a file answers the path (Netlify never lets a rule shadow a file without `!`); else the
// file; else a 404 with `404.html`. Headers: every matching `_headers` rule in order, a later
// rule's value replacing an earlier one's (the CLI's `headersForPath`).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseAllHeaders } from '@netlify/headers-parser';
import { parseAllRedirects } from '@netlify/redirect-parser';

const require = createRequire(import.meta.url);
const redirector = require('netlify-redirector');

const site = path.resolve(process.argv[2]);
const paths = JSON.parse(fs.readFileSync(0, 'utf8'));
const headersFile = path.join(site, '_headers');
const redirectsFile = path.join(site, '_redirects');

/** Lines that say something: neither blank nor a comment. */
const meaningful = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [])
  .map((text, index) => ({ text: text.trim(), number: index + 1 }))
  .filter(({ text }) => text !== '' && !text.startsWith('#'));

const { headers, errors: headerErrors } = await parseAllHeaders({ headersFiles: [headersFile], configHeaders: [], minimal: false });
const { redirects, errors: redirectErrors } = await parseAllRedirects({ redirectsFiles: [redirectsFile], configRedirects: [], minimal: false });

// Every line Netlify reads is a path or one `name: value` it kept under that path.
const kept = new Set();
for (const rule of headers) {
  kept.add(rule.for);
  for (const [name, value] of Object.entries(rule.values)) kept.add(`${name}: ${value}`);
}
const ignored = meaningful(headersFile)
  .filter(({ text }) => !kept.has(text) && !kept.has(text.replace(/\s*:\s*/, ': ')))
  .map(({ text, number }) => ({ file: '_headers', number, text }));
const redirectLines = meaningful(redirectsFile);
if (redirects.length + redirectErrors.length !== redirectLines.length) {
  ignored.push({ file: '_redirects', number: 0, text: `${redirectLines.length} rules written, ${redirects.length} read` });
}

// As netlify-cli hands the parsed rules to the matcher (src/utils/redirects.ts).
const rules = redirects.map(({ conditions = {}, from, query, signed, ...rule }) => ({ ...rule, origin: from, query, conditions, ...(signed && { sign: signed, signed }) }));
const matcher = rules.length ? await redirector.parseJSON(JSON.stringify(rules), {}) : { match: () => null };

/** The file a static request for `urlPath` gets on Netlify, relative to the site, or null. */
function staticFile(urlPath) {
  const relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  const candidates = urlPath.endsWith('/') ? [path.join(relative, 'index.html')] : [relative, `${relative}.html`, path.join(relative, 'index.html')];
  return candidates.find((candidate) => {
    const full = path.join(site, candidate);
    return full.startsWith(site + path.sep) && fs.existsSync(full) && fs.statSync(full).isFile();
  }) ?? null;
}

const headersFor = (urlPath) => Object.assign({}, ...headers.filter(({ forRegExp }) => forRegExp.test(urlPath)).map(({ values }) => values));

const answers = {};
for (const urlPath of paths) {
  const url = new URL(`https://example.org${urlPath}`); // as a request line: `//x` is a path, not a host
  const match = matcher.match({
    scheme: 'https', host: 'example.org', path: decodeURIComponent(url.pathname), query: url.search.slice(1),
    getHeader: () => '', getCookie: () => '',
  });
  const file = staticFile(url.pathname);
  if (match && !match.force404 && (match.force || !file)) {
    answers[urlPath] = { status: match.status, location: match.to, rule: match.from, force: match.force, file: null, headers: headersFor(url.pathname) };
  } else if (file) {
    answers[urlPath] = { status: 200, location: null, rule: match ? match.from : null, force: false, file, headers: headersFor(url.pathname) };
  } else {
    answers[urlPath] = { status: 404, location: null, rule: null, force: false, file: fs.existsSync(path.join(site, '404.html')) ? '404.html' : null, headers: headersFor(url.pathname) };
  }
}
const message = (error) => error.message ?? String(error);
process.stdout.write(JSON.stringify({
  errors: [...headerErrors, ...redirectErrors].map(message),
  ignored,
  redirects: redirects.map(({ from, to, status, force }) => ({ from, to, status, force })),
  headers: headers.map((rule) => ({ for: rule.for, values: rule.values })),
  answers,
}));
