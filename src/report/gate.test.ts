import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCriterion, evaluateGate, GateError, junitXml, strongestMiaAuc } from './gate.js';
import { handMadeResults, sampleResults } from '../../test/fixtures/results-factory.js';

interface XmlElement { name: string; attributes: Map<string, string>; children: XmlElement[]; text: string }

// A strict little XML reader, enough to prove the JUnit file is well-formed: one root, matched tags, quoted
// attributes without duplicates, and only the five named entities or numeric references.
function parseXml(source: string): XmlElement {
  let position = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at ${position}: ${JSON.stringify(source.slice(position, position + 30))}`);
  };
  const decode = (text: string) => {
    if (/[<]/.test(text)) fail('raw < in text');
    return text.replace(/&([^;]*);?/g, (match, entity: string) => {
      if (!match.endsWith(';')) fail('unterminated entity');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (named[entity] !== undefined) return named[entity];
      const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
      if (!numeric?.[1]) return fail(`unknown entity &${entity};`);
      return String.fromCodePoint(numeric[1].startsWith('x') ? parseInt(numeric[1].slice(1), 16) : Number(numeric[1]));
    });
  };
  const skipSpace = () => { while (/\s/.test(source[position] ?? '')) position += 1; };
  const name = () => {
    const match = /^[A-Za-z_:][\w.:-]*/.exec(source.slice(position));
    if (!match) return fail('expected a name');
    position += match[0].length;
    return match[0];
  };
  const element = (): XmlElement => {
    if (source[position] !== '<') fail('expected <');
    position += 1;
    const node: XmlElement = { name: name(), attributes: new Map(), children: [], text: '' };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', position)) { position += 2; return node; }
      if (source[position] === '>') { position += 1; break; }
      const attribute = name();
      skipSpace();
      if (source[position] !== '=') fail('expected =');
      position += 1;
      skipSpace();
      const quote = source[position];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = source.indexOf(quote ?? '"', position + 1);
      if (end < 0) fail('unterminated attribute');
      if (node.attributes.has(attribute)) fail(`duplicate attribute ${attribute}`);
      node.attributes.set(attribute, decode(source.slice(position + 1, end)));
      position = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', position);
      if (next < 0) fail(`unclosed <${node.name}>`);
      node.text += decode(source.slice(position, next));
      position = next;
      if (source.startsWith('</', position)) {
        position += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (source[position] !== '>') fail('expected >');
        position += 1;
        return node;
      }
      node.children.push(element());
    }
  };
  if (source.startsWith('<?xml')) position = source.indexOf('?>') + 2;
  skipSpace();
  const root = element();
  skipSpace();
  if (position !== source.length) fail('content after the root element');
  return root;
}

test('the XML checker itself rejects malformed XML', () => {
  assert.throws(() => parseXml('<a><b></a></b>'), /closes/);
  assert.throws(() => parseXml('<a x="1" x="2"/>'), /duplicate/);
  assert.throws(() => parseXml('<a>fish & chips</a>'), /entity/);
  assert.throws(() => parseXml('<a/><b/>'), /after the root/);
  assert.equal(parseXml('<a t="&lt;&#65;">x &amp; y</a>').attributes.get('t'), '<A');
});

test('the gate passes a method within every bound', () => {
  const criteria = evaluateGate(sampleResults(), { method: 'LLMU + L1', minForgetQuality: 0.05, maxUtilityDrop: 0.1, maxMiaAuc: 0.6 });
  assert.equal(criteria.length, 3);
  assert.ok(criteria.every((criterion) => criterion.pass), criteria.map(describeCriterion).join('\n'));
});

test('the gate fails exactly the criteria that do not hold, with measured value and bound', () => {
  const criteria = evaluateGate(sampleResults(), { method: 'GA', minForgetQuality: 0.05, maxUtilityDrop: 0.2, maxMiaAuc: 0.75 });
  const byId = new Map(criteria.map((criterion) => [criterion.id, criterion]));
  assert.equal(byId.get('forgetQuality')?.pass, false); // 0.017 < 0.05
  assert.equal(byId.get('utilityDrop')?.pass, false); // GA keeps about half the target's utility
  assert.ok((byId.get('utilityDrop')?.measured ?? 0) > 0.4);
  assert.equal(byId.get('miaAuc')?.pass, true); // LOSS AUC 0.31 folds to 0.69 <= 0.75
  const line = describeCriterion(byId.get('forgetQuality') ?? assert.fail('missing'));
  assert.match(line, /^FAIL forget quality \(KS p-value\): measured 0\.01721, bound >= 0\.05/);
});

test('a bound is inclusive, and a criterion that was not measured fails', () => {
  const results = handMadeResults([{ label: 'Edge', forgetQualityKs: 0.05, modelUtility: 0.54 }]);
  const edge = evaluateGate(results, { method: 'Edge', minForgetQuality: 0.05, maxUtilityDrop: 0.1 });
  assert.ok(edge.every((criterion) => criterion.pass), edge.map(describeCriterion).join('\n'));
  const method = results.methods[0];
  assert.ok(method);
  method.metrics.mia = null;
  method.metrics.forgetQualityKs = null;
  const missing = evaluateGate(results, { method: 'Edge', minForgetQuality: 0, maxMiaAuc: 1 });
  assert.deepEqual(missing.map((criterion) => [criterion.pass, criterion.measured]), [[false, null], [false, null]]);
  assert.match(describeCriterion(missing[1] ?? assert.fail('missing')), /measured not measured.*membership inference was not measured/);
});

test('membership-inference AUC is folded: 0.3 leaks as much as 0.7', () => {
  assert.equal(strongestMiaAuc({ lossAuc: 0.3, zlibAuc: 0.5, minKAuc: 0.55, minKPlusPlusAuc: 0.6, privacyLeak: 0 }), 0.7);
});

test('methods are found by label or by an unambiguous registry name', () => {
  const results = sampleResults();
  assert.equal(evaluateGate(results, { method: 'npo', minForgetQuality: 0 }).length, 1);
  assert.throws(() => evaluateGate(results, { method: 'grad_ascent', minForgetQuality: 0 }), (error: unknown) =>
    error instanceof GateError && /"GA", "GA \+ L1"/.test(error.message));
  assert.throws(() => evaluateGate(results, { method: 'nope', minForgetQuality: 0 }), /no method "nope" in this run; methods: "Retain FT"/);
});

test('the JUnit report parses as XML, counts failures, and escapes hostile text', () => {
  const results = sampleResults();
  const criteria = evaluateGate(results, { method: 'GA', minForgetQuality: 0.05, maxUtilityDrop: 0.2, maxMiaAuc: 0.75 });
  const hostile = 'GA <&> "quoted" \'single\' \u0001';
  const root = parseXml(junitXml(criteria, { method: hostile, timestamp: results.run.createdAt }));
  assert.equal(root.name, 'testsuites');
  assert.equal(root.attributes.get('tests'), '3');
  assert.equal(root.attributes.get('failures'), '2');
  const suite = root.children[0];
  assert.ok(suite);
  assert.equal(suite.attributes.get('name'), 'clearbench gate: GA <&> "quoted" \'single\' ');
  assert.equal(suite.children.length, 3);
  const failures = suite.children.filter((testcase) => testcase.children.some((child) => child.name === 'failure'));
  assert.equal(failures.length, 2);
  assert.match(failures[0]?.children[0]?.attributes.get('message') ?? '', /^measured 0\.01721, bound >= 0\.05$/);
});
