#!/usr/bin/env node
// extract.js [--raw] OUT.json — a small OpenAPI description for Prism, cut from
// GitHub's own description of api.github.com (@octokit/openapi): only the
// operations lib/github and the publisher use, with every component they
// reference. Two rewrites make Prism check request bodies at all:
//  - a schema that is `nullable` without a `type` (e.g. an issue's
//    `milestone`) makes Prism silently skip body validation of the whole
//    operation; it becomes {anyOf: [<schema without nullable>, <null only>]},
//    which accepts the same values;
//  - the description lists only application/json, so Prism answers 406 to
//    `Accept: application/vnd.github+json`: each application/json content is
//    also declared as application/vnd.github+json.
'use strict';
const fs = require('fs');
const path = require('path');

// The operations the client sends (method, path). Add here when it sends more.
const OPERATIONS = [
  ['get', '/repos/{owner}/{repo}/issues'],
  ['post', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'],
  ['get', '/repos/{owner}/{repo}/labels'],
  ['post', '/repos/{owner}/{repo}/labels'],
  ['patch', '/repos/{owner}/{repo}/labels/{name}'],
];

const VND = 'application/vnd.github+json';
// Prism's converter (@stoplight/http-spec) passes JSON Schema's "null" type through; the
// OAS 3.0 spelling {type: 'string', nullable: true, enum: [null]} becomes an enum with a
// duplicate null, which ajv refuses to compile (and Prism then skips validation again).
const NULL_ONLY = {type: 'null'};

function load() {
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json',
                               {paths: [__dirname]});
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// "#/components/schemas/issue" -> ["schemas", "issue"]
function refParts(ref) {
  const m = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
  if (!m) throw new Error('unsupported $ref ' + ref);
  return [m[1], m[2].replace(/~1/g, '/').replace(/~0/g, '~')];
}

// Copies every component reachable from `node` into `out`.
function collect(doc, node, out) {
  if (Array.isArray(node)) {
    node.forEach((n) => collect(doc, n, out));
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') {
    const [kind, name] = refParts(node.$ref);
    out[kind] = out[kind] || {};
    if (!(name in out[kind])) {
      const target = doc.components[kind] && doc.components[kind][name];
      if (target === undefined) throw new Error('dangling $ref ' + node.$ref);
      out[kind][name] = target;
      collect(doc, target, out);
    }
  }
  for (const k of Object.keys(node)) if (k !== '$ref') collect(doc, node[k], out);
}

const ANNOTATIONS = new Set(['description', 'title', 'example', 'deprecated', 'readOnly',
                             'writeOnly', 'externalDocs']);

// Rewrites type-less nullable schemas (see above), recursively, in place.
function fixNullable(node) {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (!node || typeof node !== 'object') return node;
  for (const k of Object.keys(node)) node[k] = fixNullable(node[k]);
  if (node.nullable === true && !('type' in node) && !('$ref' in node)) {
    const inner = {};
    const outer = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'nullable') continue;
      if (ANNOTATIONS.has(k)) outer[k] = v;
      else inner[k] = v;
    }
    if (Object.keys(inner).length === 0) return outer; // anything, null included
    outer.anyOf = [inner, Object.assign({}, NULL_ONLY)];
    return outer;
  }
  return node;
}

// Declares the vnd media type next to application/json.
function addVnd(node) {
  if (Array.isArray(node)) return node.forEach(addVnd);
  if (!node || typeof node !== 'object') return;
  if (node.content && typeof node.content === 'object' && node.content['application/json'] &&
      !node.content[VND])
    node.content[VND] = node.content['application/json'];
  for (const k of Object.keys(node)) addVnd(node[k]);
}

// `raw`: no rewrites (the tests show that Prism then misses violations).
function extract(doc, raw) {
  const paths = {};
  for (const [method, p] of OPERATIONS) {
    const item = doc.paths[p];
    if (!item || !item[method]) throw new Error('no operation ' + method.toUpperCase() + ' ' + p);
    paths[p] = paths[p] || {};
    if (item.parameters) paths[p].parameters = item.parameters;
    paths[p][method] = item[method];
  }
  const components = {};
  collect(doc, paths, components);
  const out = {
    openapi: doc.openapi,
    info: Object.assign({}, doc.info, {title: doc.info.title + ' (pkiwatch subset)'}),
    servers: doc.servers,
    paths,
    components,
  };
  // deep copy before rewriting: components are shared objects of `doc`
  const copy = JSON.parse(JSON.stringify(out));
  if (!raw) {
    fixNullable(copy);
    addVnd(copy);
  }
  return copy;
}

function main() {
  const args = process.argv.slice(2);
  const raw = args[0] === '--raw';
  const target = raw ? args[1] : args[0];
  if (!target) {
    process.stderr.write('usage: extract.js [--raw] OUT.json\n');
    process.exit(2);
  }
  const spec = extract(load(), raw);
  const tmp = target + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify(spec));
  fs.renameSync(tmp, target);
  const n = Object.values(spec.components).reduce((a, c) => a + Object.keys(c).length, 0);
  process.stdout.write(`${path.basename(target)}: ${OPERATIONS.length} operations, ` +
                       `${n} components\n`);
}

if (require.main === module) main();
module.exports = {extract, fixNullable, OPERATIONS};
