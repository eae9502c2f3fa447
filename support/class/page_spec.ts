// The frame of the class pages: links that survive any student name, a title that cannot break out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { href, page } from './page';

describe('the class pages', () => {
  it('encodes each segment of a link, never the slashes', () => {
    assert.equal(
      href('students/a b#1/server/cucumber-report.html'),
      'students/a%20b%231/server/cucumber-report.html',
    );
  });
  it('escapes the title and keeps the body as given', () => {
    const html = page('<anna>', '<p>body</p>');
    assert.match(html, /<title>&lt;anna&gt;<\/title>/);
    assert.match(html, /<p>body<\/p>/);
    assert.match(html, /^<!doctype html>/);
  });
});
