import { expect } from 'chai';
import Database from 'better-sqlite3';
import { serverPerTest, tempDataFile } from './support/test-server.js';

const placesStored = (dataFile: string): string[] => {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT name FROM places ORDER BY name').all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
};

describe('the store forgets places', function () {
  this.timeout(30_000);
  const servers = serverPerTest();

  it('that never had a message, once everyone has left them: 300 -gotos to new names leave no rows behind', async () => {
    const dataFile = tempDataFile();
    const server = await servers.start('sqlite', { dataFile });
    const wanderer = await server.joined('wanderer', 'start');
    servers.clients.push(wanderer);
    for (let i = 0; i < 300; i++) await wanderer.call('command', { line: `-goto nowhere${i}` });
    await wanderer.call('say', { text: 'a line keeps this one', cid: 'kept' });
    await wanderer.call('goto', { place: 'lobby' });
    await wanderer.call('leave', {});
    await servers.stop();
    expect(placesStored(dataFile)).to.deep.equal(['nowhere299']);
  });

  it('with messages, once their last message is older than the retention (swept at start-up), unless a kept session is in them', async () => {
    const dataFile = tempDataFile();
    const first = await servers.start('sqlite', { dataFile });
    const ana = await first.joined('ana', 'attic');
    servers.clients.push(ana);
    await ana.call('say', { text: 'an old line', cid: 'old' });
    await ana.call('goto', { place: 'porch' });
    await ana.call('say', { text: 'another', cid: 'other' });
    await servers.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Restarted with a retention shorter than the lines' age: attic goes at start-up; porch, where
    // ana's kept session waits for her, stays with its history.
    const second = await servers.start('sqlite', { dataFile, placeRetentionMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second.chat.room('porch')?.head).to.equal(1);
    await servers.stop();
    expect(placesStored(dataFile)).to.deep.equal(['porch']);
  });
});
