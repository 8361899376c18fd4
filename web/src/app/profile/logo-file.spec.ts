import { logoFileProblem } from './logo-file';

describe('logoFileProblem', () => {
  it('accepts a PNG or JPEG of at most 512 KiB', () => {
    expect(logoFileProblem({ type: 'image/png', size: 512 * 1024 })).toBeNull();
    expect(logoFileProblem({ type: 'image/jpeg', size: 10 })).toBeNull();
  });

  it('refuses other types, bigger files and empty ones before anything is uploaded', () => {
    expect(logoFileProblem({ type: 'image/gif', size: 10 })).toBe('Choose a PNG or JPEG image.');
    expect(logoFileProblem({ type: 'image/svg+xml', size: 10 })).toBe('Choose a PNG or JPEG image.');
    expect(logoFileProblem({ type: 'image/png', size: 512 * 1024 + 1 })).toContain('at most 512 KiB');
    expect(logoFileProblem({ type: 'image/png', size: 0 })).toBe('The file is empty.');
  });
});
