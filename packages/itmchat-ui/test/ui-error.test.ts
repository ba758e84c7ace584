import { expect } from 'chai';
import { toUiError } from '../src/ui-error.js';

describe('ui-error', () => {
  it('keeps code and message of an error object', () => {
    expect(toUiError({ code: 'NICK_TAKEN', message: 'someone has that nick' })).to.deep.equal({
      code: 'NICK_TAKEN',
      message: 'someone has that nick',
    });
    const error = Object.assign(new Error('offline'), { code: 'OFFLINE' });
    expect(toUiError(error)).to.deep.equal({ code: 'OFFLINE', message: 'offline' });
  });

  it('still says something for odd rejections', () => {
    expect(toUiError(new Error('boom'))).to.deep.equal({ code: 'UNKNOWN', message: 'boom' });
    expect(toUiError('plain')).to.deep.equal({ code: 'UNKNOWN', message: 'plain' });
    expect(toUiError(undefined)).to.deep.equal({ code: 'UNKNOWN', message: 'something went wrong' });
    expect(toUiError({ code: 7 })).to.deep.equal({ code: 'UNKNOWN', message: 'something went wrong' });
  });
});
