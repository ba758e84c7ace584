import { expect } from 'chai';
import { defaultCallbacks } from '../src/callbacks.js';
import { LogView } from '../src/log-view.js';
import { EMPTY_SNAPSHOT } from './support/fake-client.js';
import { message, newPage, renderContext, seqs, logEntries } from './support/dom.js';

function newLog(nick = 'ana'): LogView {
  const { document } = newPage();
  const element = document.createElement('div');
  document.body.appendChild(element);
  return new LogView(element, defaultCallbacks, () =>
    renderContext(document, { formatTime: (at) => defaultCallbacks.formatTime(at, 'en'), nick }),
  );
}

/** What each entry of the log is, in page order: "5", "gap 2-3", "pending c1", "notice". */
function entries(log: LogView): string[] {
  return logEntries(log.element).map((e) => {
    const el = e;
    switch (el.dataset['itmchatEntry']) {
      case 'message':
        return el.dataset['seq']!;
      case 'gap':
        return `gap ${el.dataset['gapFrom']}-${el.dataset['gapTo']}`;
      case 'pending':
        return `pending ${el.dataset['cid']}`;
      default:
        return el.dataset['itmchatEntry']!;
    }
  });
}

describe('log-view', () => {
  it('draws a snapshot: gaps and messages in number order, then pending lines', () => {
    const log = newLog();
    log.reset({
      ...EMPTY_SNAPSHOT,
      state: 'joined',
      place: 'lobby',
      messages: [message(1), message(5), message(6)],
      gaps: [{ from: 2, to: 4 }],
      pending: [{ cid: 'c1', text: 'hi' }],
    });
    expect(entries(log)).to.deep.equal(['1', 'gap 2-4', '5', '6', 'pending c1']);
    expect(log.place).to.equal('lobby');
  });

  it('every message carries data-seq and data-place; pending lines data-cid and no data-seq', () => {
    const log = newLog();
    log.addMessages('lobby', [message(1)]);
    log.addPending({ cid: 'c9', text: 'soon' });
    const [numbered, pending] = logEntries(log.element);
    expect(numbered!.dataset).to.include({ seq: '1', place: 'lobby' });
    expect(pending!.dataset['cid']).to.equal('c9');
    expect(pending!.hasAttribute('data-seq')).to.equal(false);
  });

  it('keeps number order whatever the arrival order, and draws each seq once', () => {
    const log = newLog();
    expect(log.addMessages('lobby', [message(3), message(1)]).map((m) => m.seq)).to.deep.equal([3, 1]);
    expect(log.addMessages('lobby', [message(2), message(3), message(4)]).map((m) => m.seq)).to.deep.equal([2, 4]);
    expect(log.addMessages('lobby', [message(1)])).to.deep.equal([]);
    expect(seqs(log.element)).to.deep.equal([1, 2, 3, 4]);
  });

  it('a numbered message with the cid of a pending line replaces it', () => {
    const log = newLog();
    log.addMessages('lobby', [message(1)]);
    log.addPending({ cid: 'c1', text: 'mine' });
    log.addPending({ cid: 'c2', text: 'mine too' });
    log.addMessages('lobby', [{ ...message(2, 'ana', 'mine'), cid: 'c1' }]);
    expect(entries(log)).to.deep.equal(['1', '2', 'pending c2']);
    const mine = log.element.querySelector('[data-seq="2"]')!;
    expect(mine.classList.contains('itmchat-message--own')).to.equal(true);
  });

  it('a cid already numbered (seen twice) still clears its pending line, and a late pending event is ignored', () => {
    const log = newLog();
    log.addMessages('lobby', [{ ...message(1, 'ana'), cid: 'c1' }]);
    log.addPending({ cid: 'c1', text: 'late' });
    log.addPending({ cid: 'c2', text: 'x' });
    log.addPending({ cid: 'c2', text: 'x' });
    expect(entries(log)).to.deep.equal(['1', 'pending c2']);
    log.addMessages('lobby', [
      { ...message(2, 'ana'), cid: 'c2' },
      { ...message(2, 'ana'), cid: 'c2' },
    ]);
    expect(entries(log)).to.deep.equal(['1', '2']);
  });

  it('new messages, notices and replies go above the pending lines', () => {
    const log = newLog();
    log.addPending({ cid: 'c1', text: 'waiting' });
    log.addMessages('lobby', [message(1)]);
    log.addNote(log.element.ownerDocument.createElement('p'), 'notice');
    log.addMessages('lobby', [message(2)]);
    expect(entries(log)).to.deep.equal(['1', 'notice', '2', 'pending c1']);
  });

  it('gaps sit where the missing numbers would be, once each', () => {
    const log = newLog();
    log.addMessages('lobby', [message(1), message(9)]);
    log.addGap({ from: 2, to: 8 });
    log.addGap({ from: 2, to: 8 });
    expect(entries(log)).to.deep.equal(['1', 'gap 2-8', '9']);
  });

  it('drop removes a pending line, returns it, and counts', () => {
    const log = newLog();
    log.addPending({ cid: 'c1', text: 'nope' });
    expect(log.drop('c1')).to.deep.equal({ cid: 'c1', text: 'nope' });
    expect(log.drop('unknown')).to.equal(undefined);
    expect(logEntries(log.element)).to.have.length(0);
    expect(log.droppedCount).to.equal(2);
  });

  it('notes never carry data-seq', () => {
    const log = newLog();
    const note = log.element.ownerDocument.createElement('p');
    note.dataset['seq'] = '4';
    log.addNote(note, 'reply');
    expect(note.hasAttribute('data-seq')).to.equal(false);
    expect(note.dataset['itmchatEntry']).to.equal('reply');
  });

  it('reset forgets what was drawn', () => {
    const log = newLog();
    log.addMessages('lobby', [message(1), message(2)]);
    log.reset({ ...EMPTY_SNAPSHOT, state: 'joined', place: 'kitchen', messages: [message(1, 'cook')] });
    expect(seqs(log.element)).to.deep.equal([1]);
    expect(log.element.querySelector('[data-seq="1"]')!.getAttribute('data-place')).to.equal('kitchen');
    log.addMessages('kitchen', [message(2)]);
    expect(seqs(log.element)).to.deep.equal([1, 2]);
  });

  it('a log at its bottom follows new entries; one scrolled up to read stays put', () => {
    const log = newLog();
    // jsdom has no layout: give the log a fixed geometry.
    Object.defineProperty(log.element, 'scrollHeight', { value: 500 });
    Object.defineProperty(log.element, 'clientHeight', { value: 100 });
    Object.defineProperty(log.element, 'scrollTop', { value: 400, writable: true });
    log.addMessages('lobby', [message(1)]);
    expect(log.element.scrollTop).to.equal(500);
    log.element.scrollTop = 100;
    log.addMessages('lobby', [message(2)]);
    log.addNote(log.element.ownerDocument.createElement('p'), 'notice');
    expect(log.element.scrollTop).to.equal(100);
  });
});
