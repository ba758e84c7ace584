import { expect } from 'chai';
import { buildChatView } from '../src/chat-view.js';
import { ENGLISH } from '../src/strings.js';
import { newPage } from './support/dom.js';

describe('chat-view', () => {
  it('has every data-itmchat hook', () => {
    const { document } = newPage();
    const view = buildChatView(document, 'Chat', ENGLISH);
    const hooks = [...view.root.querySelectorAll('[data-itmchat]')].map((e) => e.getAttribute('data-itmchat'));
    expect(hooks).to.include.members(['nick', 'join', 'join-error', 'place', 'me', 'leave', 'status', 'log', 'input', 'send']);
  });

  it('inputs have labels, buttons are real buttons', () => {
    const { document } = newPage();
    const view = buildChatView(document, 'Chat', ENGLISH);
    expect(view.nickInput.labels?.[0]?.textContent).to.contain('Your nick');
    expect(view.lineInput.labels?.[0]?.textContent).to.contain('Message');
    for (const button of [view.joinButton, view.sendButton]) expect(button.type).to.equal('submit');
    expect(view.leaveButton.type).to.equal('button');
    expect(view.joinButton.form).to.equal(view.joinForm);
    expect(view.sendButton.form).to.equal(view.lineForm);
  });

  it('the log is a role=log that can take the focus to scroll, and the announcer is the polite live region', () => {
    const { document } = newPage();
    const { log } = buildChatView(document, 'Chat', ENGLISH);
    expect(log.getAttribute('role')).to.equal('log');
    // Not read out as it fills (a backlog, a redraw): live lines go to the announcer instead.
    expect(log.getAttribute('aria-live')).to.equal('off');
    expect(log.tabIndex).to.equal(0);
    const { announcer } = buildChatView(document, 'Chat', ENGLISH);
    expect(announcer.getAttribute('aria-live')).to.equal('polite');
  });

  it('the join error is an alert', () => {
    const { document } = newPage();
    expect(buildChatView(document, 'Chat', ENGLISH).joinError.getAttribute('role')).to.equal('alert');
  });

  it('the title is a heading and the accessible name; empty means none', () => {
    const { document } = newPage();
    const titled = buildChatView(document, 'Talk <here>', ENGLISH);
    expect(titled.root.querySelector('h2')!.textContent).to.equal('Talk <here>');
    expect(titled.root.getAttribute('aria-label')).to.equal('Talk <here>');
    const bare = buildChatView(document, '', ENGLISH);
    expect(bare.root.querySelector('h2')).to.equal(null);
    expect(bare.root.hasAttribute('aria-label')).to.equal(false);
  });
});
