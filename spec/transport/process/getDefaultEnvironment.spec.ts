import { DEFAULT_INHERITED_ENV_VARS, getDefaultEnvironment } from '../../../lib/index.js';
import { mergeEnvironment } from '../../../lib/transport/process/getDefaultEnvironment.js';

describe('getDefaultEnvironment', () => {
  it('lists the POSIX variables on POSIX', () => {
    if (process.platform === 'win32') expect(DEFAULT_INHERITED_ENV_VARS).toContain('SYSTEMROOT');
    else
      expect([...DEFAULT_INHERITED_ENV_VARS]).toEqual(['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER']);
  });

  it('takes only the listed variables, never secrets, and skips exported shell functions', () => {
    const env = getDefaultEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/u',
      SHELL: '() { :; }; echo pwned',
      AWS_SECRET_ACCESS_KEY: 'secret',
      GITHUB_TOKEN: 'ghp',
    });
    if (process.platform === 'win32') return;
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/u' });
  });

  it('reads process.env by default and returns a fresh object', () => {
    const a = getDefaultEnvironment();
    a.PATH = 'changed';
    expect(getDefaultEnvironment().PATH).toBe(process.env.PATH);
  });
});

describe('mergeEnvironment', () => {
  it('puts overrides over the defaults and removes a variable given as undefined', () => {
    expect(
      mergeEnvironment({ PATH: '/a', HOME: '/h' }, { PATH: '/b', X: '1', HOME: undefined }, 'linux'),
    ).toEqual({
      PATH: '/b',
      X: '1',
    });
  });

  it('on Windows matches names without regard to case', () => {
    expect(mergeEnvironment({ PATH: 'C:\\a' }, { Path: 'C:\\b' }, 'win32')).toEqual({ Path: 'C:\\b' });
  });
});
