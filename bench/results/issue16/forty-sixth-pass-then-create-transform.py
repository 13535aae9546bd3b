# Prices the create script with its optional keys and arguments sent only when present (ARGV[10]: a sum of bits).
CREATE = b'7ec28ed1'
def transform(a):
    if a[0].upper() != b'EVALSHA' or not a[1].startswith(CREATE):
        return a
    n = int(a[2]); k, v = a[3:3 + n], a[3 + n:]
    bits, keys, groups = 0, [k[0], k[1], k[2], k[4], k[8]], []
    for bit, values in ((1, [v[9]]), (2, [v[10]]), (4, v[11:19] if k[7] else []), (8, [v[19]]), (16, v[20:24] if v[20] else []), (32, [v[24]])):
        if any(values): bits += bit; groups += values
    for bit, key in ((64, k[3]), (128, k[5]), (256, k[6]), (512, k[7])):
        if key: bits += bit; keys.append(key)
    return [a[0], a[1], str(len(keys)).encode()] + keys + list(v[:9]) + [str(bits).encode()] + groups + v[25:]
