import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp folder for each test of the suite calling this, removed after it. */
export function tempConfigFolder(): { write(text: string): string; path(name: string): string } {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'itmchat-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  return {
    path,
    /** Writes itmchat.json with this text; returns its path. */
    write(text) {
      writeFileSync(path('itmchat.json'), text);
      return path('itmchat.json');
    },
  };
}
