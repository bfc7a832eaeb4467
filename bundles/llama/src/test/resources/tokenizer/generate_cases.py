#!/usr/bin/python3
"""Generates the SentencePiece test models and expected ids/texts of bindery-llama (see README.md).

Run with Debian's python3 and python3-sentencepiece 0.1.97 (the version upstream's fixtures used):
    apt-get install -y python3-sentencepiece fortunes fortunes-min
    /usr/bin/python3 generate_cases.py
Everything it writes is committed; the Java tests never need SentencePiece.
"""
import json
import os
import random
import struct
import tempfile

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', '..', '..'))
GOLDEN_MODEL = 'imagebind_llm_tiny/llama/tokenizer.model'
FORTUNES = '/usr/share/games/fortunes'
MODELS = os.path.join(HERE, 'models')
CASES = os.path.join(HERE, 'cases')

# LLaMA-style training options (identity normalisation, dummy prefix, spaces kept, byte fallback, split digits).
LLAMA_LIKE = dict(model_type='bpe', byte_fallback=True, split_digits=True, normalization_rule_name='identity',
                  remove_extra_whitespaces=False, allow_whitespace_only_pieces=True, add_dummy_prefix=True,
                  character_coverage=0.9995, max_sentencepiece_length=16, shuffle_input_sentence=False,
                  input_sentence_size=0, num_threads=1, minloglevel=2, unk_id=0, bos_id=1, eos_id=2, pad_id=-1)


def fortune_entries():
    """All fortunes (multi-line texts between '%' lines), file by file in name order."""
    entries = []
    for name in sorted(os.listdir(FORTUNES)):
        path = os.path.join(FORTUNES, name)
        if name.endswith('.dat') or name.endswith('.u8') or os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, encoding='utf-8', errors='strict') as f:
            try:
                text = f.read()
            except UnicodeDecodeError:
                continue
        for entry in text.split('\n%\n'):
            entry = entry.strip('\n')
            if entry and entry != '%':
                entries.append(entry)
    return entries


def train(name, corpus_lines, **options):
    os.makedirs(MODELS, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, 'corpus.txt')
        with open(corpus, 'w', encoding='utf-8') as f:
            f.write('\n'.join(corpus_lines) + '\n')
        prefix = os.path.join(tmp, name)
        spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, **options)
        with open(prefix + '.model', 'rb') as f:
            data = f.read()
    with open(os.path.join(MODELS, name + '.model'), 'wb') as f:
        f.write(data)
    return data


# --- a tiny protobuf writer/reader, only to mark some pieces UNUSED (SentencePiece never writes that type) ---

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def read_varint(b, i):
    shift = value = 0
    while True:
        c = b[i]
        i += 1
        value |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return value, i


def fields(b):
    i = 0
    while i < len(b):
        key, i = read_varint(b, i)
        number, wire = key >> 3, key & 7
        start = i
        if wire == 0:
            _, i = read_varint(b, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            length, i = read_varint(b, i)
            start = i
            i += length
        else:
            raise ValueError('wire type %d' % wire)
        yield number, wire, b[start:i], key


def mark_unused(model, every):
    """Copies a model, turning every `every`-th NORMAL piece of 3+ characters into UNUSED (type 5)."""
    out = bytearray()
    index = 0
    for number, wire, payload, key in fields(model):
        if number == 1 and wire == 2:
            piece, score, kind = None, 0.0, 1
            for n2, w2, p2, _ in fields(payload):
                if n2 == 1:
                    piece = p2.decode('utf-8')
                elif n2 == 2:
                    score = struct.unpack('<f', p2)[0]
                elif n2 == 3:
                    kind = read_varint(p2, 0)[0]
            if kind == 1 and len(piece) >= 3:
                index += 1
                if index % every == 0:
                    body = (varint(1 << 3 | 2) + varint(len(piece.encode('utf-8'))) + piece.encode('utf-8')
                            + varint(2 << 3 | 5) + struct.pack('<f', score) + varint(3 << 3 | 0) + varint(5))
                    out += varint(1 << 3 | 2) + varint(len(body)) + body
                    continue
        out += varint(key)
        out += (varint(len(payload)) if wire == 2 else b'') + payload
    return bytes(out)


# --- test texts ---

HANDWRITTEN = [
    '', ' ', '  ', '   ', 'a', ' a', 'a ', '  a  b   c  ', '\t', '\n', '\n\n', ' \n ', 'tab\tseparated\tvalues',
    'Hello world', 'Hello, World!', 'HELLO WORLD', "don't won't can't", 'e-mail: someone@example.org',
    'digits 0123456789 and 3.14159 and -42', '1,000,000', '2024-03-14T12:00:00Z',
    'caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber Stra\u00dfe', 'e\u0301 combining acute', '\u00e9\u00e8\u00ea\u00eb',
    '\u6771\u4eac \u5317\u4eac \u4e2d\u6587\u5b57', '\ud55c\uad6d\uc5b4', '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
    '\u0939\u093f\u0928\u094d\u0926\u0940', '\u05e2\u05d1\u05e8\u05d9\u05ea', '\u0e44\u0e17\u0e22',
    '\U0001F436 \U0001F431 \U0001F600', '\U0001F468\u200d\U0001F469\u200d\U0001F467', '\U0001F44D\U0001F3FD',
    '\U0001F1EB\U0001F1F7 flags', '\U00010348 gothic', '\U0010FFFF last', '\uFFFD replacement', '\uFEFFbom',
    'nbsp\u00a0here', 'ideographic\u3000space', 'zero\u200bwidth', '\u2581 literal lower block \u2581\u2581',
    '<s> </s> <unk> <pad>', '<0x41> <0x0A>', '\u2047', 'control \x00 \x01 \x07 \x1b \x7f chars',
    '\r\n windows line', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'the the the the the the',
    '                                        many spaces', 'trailing spaces            ',
    '### Instruction:\nDescribe this image.\n\n### Response:', '"quotes" \u201ccurly\u201d \u2018single\u2019',
    '\u2014 em dash \u2013 en dash \u2026 ellipsis', 'x\u00b2 + y\u00b2 = z\u00b2', '\u2200x \u2203y: x \u2260 y',
    'mixed \u4e2dEnglish\u6587 text', 'URL https://example.com/path?q=1&r=2#frag', 'C:\\Windows\\path',
    '<sep> user [MASK] symbols xyz and xyzxyz', 'Some <sep>text<sep> with<sep><sep>separators',
]

RANDOM_POOLS = [
    'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789', ' ', '  ', '\t', '\n',
    '.,;:!?\'"()[]{}-_/\\@#$%^&*+=<>|~`', '\u00e9\u00e8\u00e0\u00fc\u00f6\u00df\u00e7\u00f1',
    '\u0301\u0308', '\u4e00\u4e8c\u4e09\u56db\u6771\u4eac\u5b57', '\uac00\ud55c\uad6d', '\u2581', '\u00a0\u3000',
    '\U0001F436\U0001F431\U0001F600\U0001F680\U0001F3FD\u200d', '\U00010348\U0001D11E', '\uFFFD\uFEFF',
    '\x00\x01\x1b\x7f',
]


def random_texts(rnd, count, vocab_words):
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rnd.randint(1, 12)):
            if vocab_words and rnd.random() < 0.45:
                parts.append(rnd.choice(vocab_words))
            else:
                pool = rnd.choice(RANDOM_POOLS)
                parts.append(''.join(rnd.choice(pool) for _ in range(rnd.randint(1, 4))))
        texts.append(''.join(parts))
    return texts


def vocab_words(sp):
    words = []
    for i in range(sp.get_piece_size()):
        if sp.is_control(i) or sp.is_unknown(i) or sp.is_byte(i):
            continue
        words.append(sp.id_to_piece(i).replace('\u2581', ' '))
    return words


def random_ids(sp, rnd, count):
    """Id sequences that exercise decoding: byte runs (valid, cut and broken UTF-8), specials, spaces."""
    size = sp.get_piece_size()
    byte_ids = {}
    for b in range(256):
        i = sp.piece_to_id('<0x%02X>' % b)
        if sp.is_byte(i):
            byte_ids[b] = i
    specials = [i for i in range(size) if sp.is_control(i) or sp.is_unknown(i)]
    spaced = [i for i in range(size) if sp.id_to_piece(i).startswith('\u2581')]
    normal = [i for i in range(size) if not (sp.is_control(i) or sp.is_unknown(i) or sp.is_byte(i))]
    sequences = []
    for _ in range(count):
        ids = []
        for _ in range(rnd.randint(1, 10)):
            r = rnd.random()
            if r < 0.3 and byte_ids:
                ch = rnd.choice(''.join(RANDOM_POOLS))
                encoded = ch.encode('utf-8')
                if rnd.random() < 0.3:
                    encoded = encoded[:rnd.randint(0, len(encoded))]
                ids += [byte_ids[b] for b in encoded]
            elif r < 0.4 and byte_ids:
                ids.append(byte_ids[rnd.randrange(256)])
            elif r < 0.55:
                ids.append(rnd.choice(specials))
            elif r < 0.75:
                ids.append(rnd.choice(spaced))
            else:
                ids.append(rnd.choice(normal))
        sequences.append(ids)
    return sequences


def write_cases(name, model_ref, model_bytes, texts, id_sequences_count, rnd):
    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    encode = [{'text': t, 'ids': sp.encode(t, out_type=int)} for t in texts]
    decode = [{'ids': ids, 'text': sp.decode_ids(ids)} for ids in random_ids(sp, rnd, id_sequences_count)]
    decode += [{'ids': c['ids'], 'text': sp.decode_ids(c['ids'])} for c in encode]
    os.makedirs(CASES, exist_ok=True)
    def compact(value):
        return json.dumps(value, ensure_ascii=True, separators=(',', ':'))

    with open(os.path.join(CASES, name + '.json'), 'w', encoding='ascii') as f:
        f.write('{"model":%s,"sentencepiece":%s,\n' % (compact(model_ref), compact(spm.__version__)))
        f.write('"encode":[\n' + ',\n'.join(compact(c) for c in encode) + '],\n')
        f.write('"decode":[\n' + ',\n'.join(compact(c) for c in decode) + ']}\n')
    return sp


def main():
    rnd = random.Random(20240314)
    entries = fortune_entries()
    lines = [l for e in entries for l in e.split('\n') if l.strip()]
    sample_lines = lines[::97]
    sample_entries = entries[::211]

    # 1. The golden tiny model (512 pieces): more texts than prompts.json has.
    with open(os.path.join(REPO, 'golden', GOLDEN_MODEL), 'rb') as f:
        golden = f.read()
    sp = spm.SentencePieceProcessor(model_proto=golden)
    texts = HANDWRITTEN + sample_lines[:150] + sample_entries[:40] + random_texts(rnd, 120, vocab_words(sp))
    write_cases('golden_tiny', 'golden:' + GOLDEN_MODEL, golden, texts, 150, rnd)

    # 2. A larger LLaMA-like vocabulary trained on all fortunes.
    big = train('fortunes_bpe4k', lines, vocab_size=4000, **LLAMA_LIKE)
    sp = spm.SentencePieceProcessor(model_proto=big)
    texts = HANDWRITTEN + sample_lines + sample_entries + random_texts(rnd, 200, vocab_words(sp))
    write_cases('fortunes_bpe4k', 'models/fortunes_bpe4k.model', big, texts, 200, rnd)

    # 3. The same with some pieces marked UNUSED: encoding must split them back.
    unused = mark_unused(big, 4)
    with open(os.path.join(MODELS, 'fortunes_bpe4k_unused.model'), 'wb') as f:
        f.write(unused)
    sp_unused = write_cases('fortunes_bpe4k_unused', 'models/fortunes_bpe4k_unused.model', unused,
                            HANDWRITTEN + sample_lines[:200], 50, rnd)
    differs = sum(sp_unused.encode(t) != sp.encode(t) for t in sample_lines[:200])
    assert differs > 50, 'UNUSED pieces changed too few encodings: %d' % differs

    # 4. User-defined and extra control symbols, extra whitespace removed, no byte fallback (unknown runs merge).
    small = lines[:20000]
    options = dict(LLAMA_LIKE, byte_fallback=False, remove_extra_whitespaces=True, vocab_size=400,
                   character_coverage=0.98, user_defined_symbols=['<sep>', '[MASK]', 'xyz'],
                   control_symbols=['<ctl>'])
    udsym = train('variant_userdefined', small, **options)
    sp = spm.SentencePieceProcessor(model_proto=udsym)
    write_cases('variant_userdefined', 'models/variant_userdefined.model', udsym,
                HANDWRITTEN + sample_lines[:100] + random_texts(rnd, 100, vocab_words(sp)), 100, rnd)

    # 5. No dummy prefix, byte fallback on.
    options = dict(LLAMA_LIKE, add_dummy_prefix=False, vocab_size=400)
    noprefix = train('variant_noprefix', small, **options)
    sp = spm.SentencePieceProcessor(model_proto=noprefix)
    write_cases('variant_noprefix', 'models/variant_noprefix.model', noprefix,
                HANDWRITTEN + sample_lines[:100] + random_texts(rnd, 100, vocab_words(sp)), 100, rnd)

    # 6. A unigram model: the Java tokenizer must refuse it with a clear message.
    train('unsupported_unigram', small, model_type='unigram', vocab_size=300, normalization_rule_name='identity',
          num_threads=1, minloglevel=2)


if __name__ == '__main__':
    main()
