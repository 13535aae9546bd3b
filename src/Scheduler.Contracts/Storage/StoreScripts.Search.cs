namespace Scheduler.Contracts.Storage;

internal static partial class StoreScripts
{
    // The search's first pass, run where the data is: walks the creation index newest first from a rank and keeps the
    // ids whose status, task type, last outcome and stored searchable text (ScheduleSearch.Document) pass, reading only
    // those five fields of each record. The caller reads the kept records and checks them exactly (a record stored
    // before the searchable text existed is always kept); a call scans at most one chunk, so Redis is never held long.
    // KEYS: tasks index. ARGV: task key prefix, start rank, chunk size, how many ids to keep at most, status or "",
    // task type (lower case) or "", tag needle ("\t<tag>\t") or "", last outcome (lower case) or "", then the needles
    // the text must hold (each may also match the status). Returns {next rank or -1 at the end, kept ids...}.
    public const string Search = """
        local prefix, rank, chunk, wanted = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local status, ttype, tag, outcome = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
        local ids = redis.call('ZREVRANGE', KEYS[1], rank, rank + chunk - 1)
        local out = {-1}
        for i = 1, #ids do
          local f = redis.call('HMGET', prefix .. ids[i], 'status', 'taskType', 'search', 'lastOutcome')
          local ok = f[1] ~= false
          if ok and status ~= '' and f[1] ~= status then ok = false end
          if ok and ttype ~= '' and string.lower(f[2] or '') ~= ttype then ok = false end
          if ok and outcome ~= '' and string.lower(f[4] or '') ~= outcome then ok = false end
          local doc = f[3]
          if ok and doc then
            if tag ~= '' and not string.find(doc, tag, 1, true) then ok = false end
            for n = 9, #ARGV do
              if not ok then break end
              if not string.find(doc, ARGV[n], 1, true) and not string.find(f[1], ARGV[n], 1, true) then ok = false end
            end
          end
          if ok then
            out[#out + 1] = ids[i]
            if #out > wanted then out[1] = rank + i; return out end
          end
        end
        if #ids == chunk then out[1] = rank + chunk end
        return out
        """;
}
