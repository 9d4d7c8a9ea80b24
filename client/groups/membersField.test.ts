// The Members field's reading (lines and commas, not spaces), its writing back, and the bridge's refusals in the form's words.
import { describe, expect, it } from 'vitest';
import { hostsSentence, membersFromText, membersToText, readableGroupError } from './membersField.js';

describe('the Members field', () => {
  it('takes one member a line or several separated by commas, trimmed, without empty ones', () => {
    expect(membersFromText('de1\n  de2 ,isu0*\n\n, ,alice@10.0.0.5:2222\r\n')).toEqual(['de1', 'de2', 'isu0*', 'alice@10.0.0.5:2222']);
    expect(membersFromText('')).toEqual([]);
    expect(membersFromText(' \n , ')).toEqual([]);
  });

  it('keeps a saved session name with spaces in one piece', () => {
    expect(membersFromText('web front, de1')).toEqual(['web front', 'de1']);
  });

  it('lists a member once, ignoring case as the bridge does', () => {
    expect(membersFromText('de1\nDE1\nisu0*, ISU0*')).toEqual(['de1', 'isu0*']);
  });

  it('writes a saved group back one member a line, and reads it again the same', () => {
    const members = ['de1', 'web front', 'isu0*'];
    expect(membersToText(members)).toBe('de1\nweb front\nisu0*');
    expect(membersFromText(membersToText(members))).toEqual(members);
  });
});

describe('the bridge’s refusals', () => {
  it('names the fields as the form labels them, and the member by its place in the list', () => {
    expect(readableGroupError('name must be 1 to 64 characters, without control characters')).toBe(
      'Group name must be 1 to 64 characters, without control characters.',
    );
    expect(readableGroupError('name must not be blank')).toBe('Group name must not be blank.');
    expect(readableGroupError('members.1 (bob@host:99999): Port 99999 is out of range')).toBe(
      'Members, entry 2 (bob@host:99999): Port 99999 is out of range.',
    );
    expect(readableGroupError('members must be a list of at most 1000 saved session names')).toBe('Members must be a list of at most 1000 saved session names.');
  });

  it('leaves other sentences as the bridge wrote them', () => {
    expect(readableGroupError('A group named "B" already exists; pick another name.')).toBe('A group named "B" already exists; pick another name.');
    expect(readableGroupError('namespace trouble')).toBe('namespace trouble.');
  });
});

describe('what a group stands for', () => {
  it('counts the hosts and names them', () => {
    expect(hostsSentence(['a', 'b'])).toBe('2 hosts: a, b');
    expect(hostsSentence(['a'])).toBe('1 host: a');
    expect(hostsSentence([])).toBe('No hosts.');
  });
});
