namespace Scheduler.Contracts.Audit;

/// <summary>The Lua that appends one audit entry and trims the log, for the client's script and the servers' own.</summary>
internal static class AuditScripts
{
    // Prepended to a script that records a change in the same call that makes it. The age bound is measured on Redis's
    // clock, the one that stamps the entry ids (read from the new entry's id, which costs no TIME call), so every
    // writer trims by the same time whatever its own clock says. The count bound is kept by every write (inside the
    // XADD); the age bound by the writes stamped on a multiple of 16 ms, about one in 16: a call saved on every task
    // created, for entries that may outlive their age by a few writes.
    internal const string Function = """
        local function audit(stream, maxEntries, maxAgeMs, actor, action, taskId, before, after, note)
          local id = redis.call('XADD', stream, 'MAXLEN', '=', maxEntries, '*', 'actor', actor, 'action', action,
            'taskId', taskId, 'before', before, 'after', after, 'note', note)
          local stamped = tonumber(string.match(id, '^(%d+)'))
          local cutoff = stamped - tonumber(maxAgeMs)
          if stamped % 16 == 0 and cutoff > 0 then redis.call('XTRIM', stream, 'MINID', string.format('%.0f', cutoff)) end
          return id
        end
        """;

    // KEYS: audit stream. ARGV: max entries, max age ms, actor, action, task id, before JSON, after JSON, note ("" for none).
    public const string Record = Function + """

        return audit(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
        """;
}
