import { TextCodec } from '../../../lib/transport/framing/TextCodec.js';

const bytes = (...values: number[]) => Buffer.from(values);

describe('TextCodec', () => {
  it('decodes valid UTF-8 the same under every handler', () => {
    for (const handler of ['strict', 'replace', 'ignore'] as const) {
      expect(new TextCodec('utf-8', handler).decode(Buffer.from('héllo ✓ 😀'))).toEqual({
        text: 'héllo ✓ 😀',
      });
    }
  });

  it('under strict, refuses a line with invalid UTF-8', () => {
    expect(new TextCodec('utf-8', 'strict').decode(bytes(0x61, 0xff, 0x62))).toEqual({
      invalid: 'invalid utf-8',
    });
  });

  it('under replace, puts U+FFFD for invalid bytes', () => {
    expect(new TextCodec('utf-8', 'replace').decode(bytes(0x61, 0xff, 0x62))).toEqual({ text: 'a\ufffdb' });
  });

  it('under ignore, drops invalid bytes and truncated or overlong sequences but keeps valid ones', () => {
    const codec = new TextCodec('utf-8', 'ignore');
    expect(codec.decode(bytes(0x61, 0xff, 0x62))).toEqual({ text: 'ab' });
    expect(codec.decode(bytes(0x61, 0xe2, 0x9c, 0x62))).toEqual({ text: 'ab' }); // truncated ✓
    expect(codec.decode(bytes(0xc0, 0xaf, 0x63))).toEqual({ text: 'c' }); // overlong '/'
    expect(codec.decode(bytes(0xed, 0xa0, 0x80, 0x64))).toEqual({ text: 'd' }); // surrogate
    expect(codec.decode(Buffer.concat([Buffer.from('✓'), bytes(0x80), Buffer.from('😀')]))).toEqual({
      text: '✓😀',
    });
  });

  it('decodes latin1 byte for byte and ascii by its handler', () => {
    expect(new TextCodec('latin1', 'strict').decode(bytes(0x63, 0xe9))).toEqual({ text: 'cé' });
    expect(new TextCodec('ascii', 'strict').decode(bytes(0x63, 0xe9))).toEqual({
      invalid: 'invalid ascii (byte above 0x7f)',
    });
    expect(new TextCodec('ascii', 'replace').decode(bytes(0x63, 0xe9))).toEqual({ text: 'c\ufffd' });
    expect(new TextCodec('ascii', 'ignore').decode(bytes(0x63, 0xe9))).toEqual({ text: 'c' });
  });

  it('encodes UTF-8 and, in narrow encodings, applies the handler to characters that do not fit', () => {
    expect(new TextCodec('utf-8', 'strict').encode('é\n')).toEqual(Buffer.from('é\n'));
    expect(new TextCodec('latin1', 'strict').encode('é')).toEqual(bytes(0xe9));
    const strict = new TextCodec('ascii', 'strict').encode('aé');
    expect(strict).toBeInstanceOf(Error);
    expect((strict as Error).message).toBe('character U+00E9 at index 1 cannot be encoded in ascii');
    expect(new TextCodec('ascii', 'replace').encode('aéb')).toEqual(Buffer.from('a?b'));
    expect(new TextCodec('ascii', 'ignore').encode('aéb')).toEqual(Buffer.from('ab'));
  });
});
