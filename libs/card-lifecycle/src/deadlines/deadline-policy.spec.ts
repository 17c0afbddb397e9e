import { describe, expect, it } from '@jest/globals';
import { createDeadlinePolicy, defaultDeadlinePolicy } from './deadline-policy';

describe('defaultDeadlinePolicy', () => {
  it('is 20 working days to issue and 10 to reissue, each with its UDI source', () => {
    expect(defaultDeadlinePolicy.version).toBe('2025-01');
    expect(defaultDeadlinePolicy.rules.issue.workingDays).toBe(20);
    expect(defaultDeadlinePolicy.rules.issue.source).toMatch(/^UDI: .*20 working days after the appointment/);
    expect(defaultDeadlinePolicy.rules.reissue.workingDays).toBe(10);
    expect(defaultDeadlinePolicy.rules.reissue.source).toMatch(/^UDI: .*lost in the mail.*10 working days/);
  });

  it('cannot be changed by accident', () => {
    expect(() => {
      (defaultDeadlinePolicy.rules.issue as { workingDays: number }).workingDays = 1;
    }).toThrow(TypeError);
  });
});

describe('createDeadlinePolicy', () => {
  it('without overrides equals the default', () => {
    expect(createDeadlinePolicy()).toEqual(defaultDeadlinePolicy);
  });

  it('marks an overridden rule and names it in the version', () => {
    const policy = createDeadlinePolicy({ issueWorkingDays: 15 });
    expect(policy.version).toBe('2025-01+config(issue=15)');
    expect(policy.rules.issue.workingDays).toBe(15);
    expect(policy.rules.issue.source).toMatch(/^Configuration override: 15 working days instead of the default 20 \(UDI: /);
    expect(policy.rules.reissue).toEqual(defaultDeadlinePolicy.rules.reissue);
  });

  it('names both overrides in a fixed order', () => {
    const policy = createDeadlinePolicy({ reissueWorkingDays: 12, issueWorkingDays: 25 });
    expect(policy.version).toBe('2025-01+config(issue=25,reissue=12)');
    expect(policy.rules.reissue.source).toMatch(/^Configuration override: 12 working days instead of the default 10/);
  });

  it('treats a configured value equal to the default as no override', () => {
    expect(createDeadlinePolicy({ issueWorkingDays: 20, reissueWorkingDays: 10 })).toEqual(defaultDeadlinePolicy);
  });

  it('uses an explicit version as given', () => {
    expect(createDeadlinePolicy({ issueWorkingDays: 15, version: 'oslo-pilot-2' }).version).toBe('oslo-pilot-2');
    expect(() => createDeadlinePolicy({ version: ' ' })).toThrow(RangeError);
  });

  it.each([0, -1, 1.5, Number.NaN, 261])('rejects %p working days', (value) => {
    expect(() => createDeadlinePolicy({ issueWorkingDays: value })).toThrow(/Invalid issueWorkingDays/);
    expect(() => createDeadlinePolicy({ reissueWorkingDays: value })).toThrow(/Invalid reissueWorkingDays/);
  });
});
