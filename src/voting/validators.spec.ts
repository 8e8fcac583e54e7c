import 'reflect-metadata';
import { createValidationPipe } from '../common/validation';
import { ValidationFailed } from '../common/errors';
import { CastBallotDto, MAX_CANDIDATES } from './dto';
import { castBallotErrors } from './validators';

/** What the global validation pipe answers for a body of CastBallotDto: [] or its field errors. */
async function pipeErrors(body: unknown) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: CastBallotDto });
    return [];
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    return e.errors;
  }
}

const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, 'approve']));

describe('castBallotErrors: the cast body checked by hand, as the validation pipe checks CastBallotDto', () => {
  const bodies: [string, unknown][] = [
    ['a ballot', { code: 'ABCD-EFGH', choices: { a: 'approve', b: 'reject', c: 'abstain' } }],
    ['no choices at all', { code: 'A', choices: {} }],
    ['the most choices', { code: 'A', choices: many(MAX_CANDIDATES) }],
    ['one choice too many', { code: 'A', choices: many(MAX_CANDIDATES + 1) }],
    ['a 200-character code', { code: 'x'.repeat(200), choices: {} }],
    ['a 201-character code', { code: 'x'.repeat(201), choices: {} }],
    ['an empty code', { code: '', choices: {} }],
    ['a numeric code', { code: 5, choices: { a: 'approve' } }],
    ['a null code', { code: null, choices: {} }],
    ['an array code', { code: ['A'], choices: {} }],
    ['an object code', { code: {}, choices: {} }],
    ['a boolean code', { code: true, choices: {} }],
    ['no code', { choices: {} }],
    ['no choices', { code: 'A' }],
    ['null choices', { code: 'A', choices: null }],
    ['array choices', { code: 'A', choices: [] }],
    ['string choices', { code: 'A', choices: 'approve' }],
    ['numeric choices', { code: 5, choices: 5 }],
    ['an unknown choice', { code: 'A', choices: { a: 'maybe' } }],
    ['a non-string choice', { code: 'A', choices: { a: 1 } }],
    ['an empty candidate id', { code: 'A', choices: { '': 'approve' } }],
    ['a 100-character candidate id', { code: 'A', choices: { ['x'.repeat(100)]: 'approve' } }],
    ['a 101-character candidate id', { code: 'A', choices: { ['x'.repeat(101)]: 'approve' } }],
    ['unknown fields', { code: 'A', choices: {}, extra: 1, more: 'x' }],
    ['unknown fields and bad ones', { zzz: 1, code: 5, choices: [] }],
    ['fields in another order', { choices: 5, code: 5 }],
    ['an empty body', {}],
    ['null', null],
    ['no body', undefined],
    ['an array', ['a', 'b']],
    ['an array of a ballot', [{ code: 'A', choices: {} }]],
    ['a string', 'ABCD'],
    ['a number', 5],
    ['true', true],
  ];

  it.each(bodies)('%s: the same field errors, in the same order', async (_, body) => {
    const errors = castBallotErrors(body, MAX_CANDIDATES); // first: the pipe strips keys off what it is given
    expect(errors).toEqual(await pipeErrors(body));
  });

  it('refuses the field names class-transformer drops without a word (the pipe let them through)', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const body = (): unknown => JSON.parse(`{"code":"A","choices":{},"${key}":1}`);
      expect(await pipeErrors(body())).toEqual([]);
      expect(castBallotErrors(body(), MAX_CANDIDATES)).toEqual([
        { field: key, code: 'whitelistValidation', message: `${key}: 不允许的字段` },
      ]);
    }
  });
});
