import { expect } from 'chai';
import { defaultCallbacks, resolveCallbacks } from '../src/callbacks.js';
import { defaultRenderMessage } from '../src/render-message.js';
import type { UiCallbacks } from '../src/types.js';
import { hook, JOINED, message, mountOnPage, settle, submitLine } from './support/dom.js';

describe('callbacks', () => {
  it('every callback has a default', () => {
    const names: (keyof UiCallbacks)[] = [
      'renderMessage',
      'renderPending',
      'renderNotice',
      'renderSystemReply',
      'renderCommandError',
      'renderGap',
      'formatTime',
      'onStateChange',
      'onJoin',
      'onLeave',
      'onMessage',
      'onUnread',
    ];
    for (const name of names) expect(defaultCallbacks[name], name).to.be.a('function');
  });

  it('an override replaces only its own callback', () => {
    const formatTime = (): string => 'noon';
    const resolved = resolveCallbacks({ formatTime });
    expect(resolved.formatTime).to.equal(formatTime);
    expect(resolved.renderMessage).to.equal(defaultCallbacks.renderMessage);
  });

  it('an override left undefined, or a stray key, keeps the defaults', () => {
    const resolved = resolveCallbacks({ renderGap: undefined, stray: () => 1 } as unknown as Partial<UiCallbacks>);
    expect(resolved).to.deep.equal(defaultCallbacks);
  });

  it('a custom renderMessage wrapping the default is used, and still gets data-seq and data-place', () => {
    const { host, client } = mountOnPage(JOINED, {
      callbacks: {
        renderMessage: (m, ctx) => {
          const element = defaultRenderMessage(m, ctx);
          element.classList.add('site-message');
          element.dataset['seq'] = 'wrong';
          return element;
        },
      },
    });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(7)] });
    const element = host.querySelector('.site-message')!;
    expect(element.getAttribute('data-seq')).to.equal('7');
    expect(element.getAttribute('data-place')).to.equal('lobby');
  });

  it('a renderer built from scratch is used as is, plus the hooks', () => {
    const { host, client, document } = mountOnPage(JOINED, {
      callbacks: {
        renderMessage: (m) => {
          const li = document.createElement('article');
          li.textContent = `${m.nick} says ${m.text}`;
          return li;
        },
      },
    });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(1, 'bob', 'hi')] });
    const element = hook(host, 'log').querySelector('article')!;
    expect(element.textContent).to.equal('bob says hi');
    expect(element.getAttribute('data-seq')).to.equal('1');
  });

  it('formatTime alone changes the time shown by the default renderMessage', () => {
    const { host, client } = mountOnPage(JOINED, { callbacks: { formatTime: () => 'teatime' } });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(1)] });
    expect(host.querySelector('.itmchat-time')!.textContent).to.equal('teatime');
  });

  it('each renderer can be overridden on its own', async () => {
    const aside = (doc: Document, text: string): HTMLElement => {
      const element = doc.createElement('aside');
      element.textContent = text;
      return element;
    };
    const { host, client } = mountOnPage(JOINED, {
      callbacks: {
        renderPending: (line, ctx) => aside(ctx.document, `pending ${line.text}`),
        renderNotice: (text, kind, ctx) => aside(ctx.document, `${kind} ${text}`),
        renderGap: (gap, ctx) => aside(ctx.document, `gap ${gap.from}-${gap.to}`),
        renderSystemReply: (result, ctx) => aside(ctx.document, `reply ${result.command}`),
        renderCommandError: (error, ctx) => aside(ctx.document, `error ${error.code}`),
      },
    });
    client.emit({ type: 'pending', line: { cid: 'c1', text: 'x' } });
    client.emit({ type: 'notice', code: 'X', message: 'm' });
    client.emit({ type: 'gap', place: 'lobby', gap: { from: 1, to: 2 }, reason: 'trimmed' });
    const input = hook<HTMLInputElement>(host, 'input');
    submitLine(input, '-where');
    client.last('command').resolve({ command: 'where', place: 'lobby' });
    submitLine(input, '-nope');
    client.last('command').reject({ code: 'UNKNOWN_COMMAND', message: 'unknown' });
    await settle();
    const texts = [...host.querySelectorAll('aside')].map((e) => e.textContent);
    expect(texts).to.have.members(['pending x', 'notice m', 'gap 1-2', 'reply where', 'error UNKNOWN_COMMAND']);
  });

  it('a throwing hook does not stop the chat from drawing', () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const { host, client } = mountOnPage(JOINED, {
        callbacks: {
          onMessage: () => {
            throw new Error('sound card on fire');
          },
        },
      });
      client.emit({ type: 'messages', place: 'lobby', messages: [message(1), message(2)] });
      expect(host.querySelectorAll('[data-seq]')).to.have.length(2);
      expect(errors).to.have.length(2);
    } finally {
      console.error = original;
    }
  });
});
