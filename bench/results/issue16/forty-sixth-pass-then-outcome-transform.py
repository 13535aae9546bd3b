# Prices baking RecordAttempt's per-process constants into its text: its calls get the new argument layout
# (run with SHA=<new body> for the outcome script's SHA).
OUTCOME = b'04e5c33a'
def transform(a):
    if a[0].upper() != b'EVALSHA' or not a[1].startswith(OUTCOME):
        return a
    n = int(a[2])
    keys, argv = a[3:3 + n], a[3 + n:]
    o = lambda i: argv[i - 1] if len(argv) >= i else b''
    error = o(22) if len(argv) >= 22 else o(18)
    new = [o(i) for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 12)] + [o(15), error]
    if len(argv) >= 20:
        new += [o(20), o(21), o(23), o(24)] + argv[25:]
    return a[:3 + n] + new
