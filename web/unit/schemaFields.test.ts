/**
 * The tool form's mapping, schema → fields → arguments, on schemas shaped like real servers'
 * (zod-generated, with defaults, enums, unions and nested objects).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tool } from 'rxjs-mcp-stdio/session';
import { argumentsFrom, fieldsOf, initialValues } from '../src/app/schemaFields.js';

const schema = {
  type: 'object' as const,
  properties: {
    message: { type: 'string', description: 'What to echo' },
    duration: { type: 'number', default: 10 },
    steps: { type: 'integer' },
    loud: { type: 'boolean', default: true },
    level: { type: 'string', enum: ['info', 'error'], default: 'info' },
    maybe: { type: ['string', 'null'] },
    options: { type: 'object', default: { a: 1 } },
  },
  required: ['message', 'steps'],
};

describe('a tool form from its input schema', () => {
  it('gets one typed field per property, in order, with defaults and required marks', () => {
    const fields = fieldsOf(schema);
    assert.deepEqual(
      fields.map((f) => [f.name, f.kind, f.required, f.initial]),
      [
        ['message', 'text', true, ''],
        ['duration', 'number', false, '10'],
        ['steps', 'integer', true, ''],
        ['loud', 'boolean', false, true],
        ['level', 'choice', false, 'info'],
        ['maybe', 'text', false, ''],
        ['options', 'json', false, '{"a":1}'],
      ],
    );
    assert.deepEqual(fields[4].choices, ['info', 'error']);
    assert.equal(fields[0].description, 'What to echo');
  });

  it('turns values into typed arguments, leaving empty optional fields out and text untouched', () => {
    const fields = fieldsOf(schema);
    const values = { ...initialValues(fields), message: '  <b>hi</b> ', steps: '3' };
    assert.deepEqual(argumentsFrom(fields, values), {
      ok: true,
      args: { message: '  <b>hi</b> ', duration: 10, steps: 3, loud: true, level: 'info', options: { a: 1 } },
    });
  });

  it('refuses a missing required field, a non-number, a fraction for an integer, and bad JSON', () => {
    const fields = fieldsOf(schema);
    const base = { ...initialValues(fields), message: 'm', steps: '1' };
    assert.deepEqual(argumentsFrom(fields, { ...base, message: ' ' }), {
      ok: false,
      error: 'message is required',
    });
    assert.deepEqual(argumentsFrom(fields, { ...base, duration: 'ten' }), {
      ok: false,
      error: 'duration must be a number',
    });
    assert.deepEqual(argumentsFrom(fields, { ...base, steps: '1.5' }), {
      ok: false,
      error: 'steps must be an integer',
    });
    assert.deepEqual(argumentsFrom(fields, { ...base, options: '{' }), {
      ok: false,
      error: 'options must be JSON',
    });
  });

  it('has no fields for a tool without properties', () => {
    assert.deepEqual(fieldsOf({ type: 'object' }), []);
    assert.deepEqual(argumentsFrom([], {}), { ok: true, args: {} });
  });

  it('reads an elicitation schema: titles, oneOf choices by their titles, enumNames, no default', () => {
    // Shaped like server-everything's clarification question.
    const requested: Tool['inputSchema'] = {
      type: 'object',
      properties: {
        interpretation: {
          type: 'string',
          title: 'Clarification',
          oneOf: [
            { const: 'technical', title: 'Technical perspective' },
            { const: 'historical', title: 'Historical perspective' },
            { const: 'current' },
          ],
        },
        colour: { type: 'string', enum: ['r', 'g'], enumNames: ['Red', 'Green'] },
        note: { type: 'string' },
      },
      required: ['interpretation'],
    };
    const [interpretation, colour, note] = fieldsOf(requested);
    assert.deepEqual(
      [interpretation?.title, interpretation?.kind, interpretation?.initial],
      ['Clarification', 'choice', ''],
    );
    assert.deepEqual(interpretation?.choices, ['technical', 'historical', 'current']);
    assert.deepEqual(interpretation?.choiceLabels, [
      'Technical perspective',
      'Historical perspective',
      'current',
    ]);
    assert.deepEqual(colour?.choiceLabels, ['Red', 'Green']);
    assert.equal(note?.title, 'note');
    const fields = fieldsOf(requested);
    // Nothing chosen: the required choice is refused rather than sent empty.
    assert.deepEqual(argumentsFrom(fields, initialValues(fields)), {
      ok: false,
      error: 'interpretation is required',
    });
    assert.deepEqual(argumentsFrom(fields, { ...initialValues(fields), interpretation: 'historical' }), {
      ok: true,
      args: { interpretation: 'historical' },
    });
  });

  it('keeps a oneOf of object schemas (a union, not a choice) as JSON', () => {
    const [field] = fieldsOf({
      type: 'object',
      properties: { shape: { oneOf: [{ type: 'object' }, { const: 'none' }] } },
    });
    assert.equal(field?.kind, 'json');
  });
});
